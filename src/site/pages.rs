//! Pages of the website (who we are, how to come, the home page's text), in Markdown.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{markdown, slugs};
use crate::db::{DbConn, now, schema::pages};
use crate::error::{Error, FieldError, Result};

/// The page whose text opens the home page.
pub const HOME: &str = "home";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pages)]
pub struct Page {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub in_menu: bool,
    pub menu_order: i32,
    pub published: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Default)]
pub struct PageInput {
    /// Required: a missing title is refused like an empty one, with the field named (422).
    pub title: String,
    /// The address: `/pages/{slug}`. Made from the title when empty.
    pub slug: String,
    /// Markdown; may be empty.
    pub body: String,
    pub in_menu: bool,
    pub menu_order: i32,
    pub published: bool,
}

impl PageInput {
    pub fn check(&self) -> Result<()> {
        let mut errors = Vec::new();
        if self.title.trim().is_empty() {
            errors.push(FieldError {
                field: "title",
                code: "required",
            });
        } else if self.title.trim().chars().count() > 200 {
            errors.push(FieldError {
                field: "title",
                code: "too_long",
            });
        }
        let slug = self.slug.trim();
        if !slug.is_empty() && !slugs::is_valid(slug) {
            errors.push(FieldError {
                field: "slug",
                code: "slug_invalid",
            });
        }
        if self.body.len() > 100_000 {
            errors.push(FieldError {
                field: "body",
                code: "too_long",
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }

    fn slug_or_title(&self) -> String {
        match self.slug.trim() {
            "" => slugs::from_title(&self.title, "page"),
            slug => slug.to_string(),
        }
    }
}

pub fn create(conn: &mut DbConn, input: &PageInput) -> Result<Page> {
    input.check()?;
    let at = now();
    let inserted = diesel::insert_into(pages::table)
        .values((
            pages::slug.eq(input.slug_or_title()),
            pages::title.eq(input.title.trim()),
            pages::body_md.eq(&input.body),
            pages::body_html.eq(markdown::to_html(&input.body)),
            pages::in_menu.eq(input.in_menu),
            pages::menu_order.eq(input.menu_order),
            pages::published.eq(input.published),
            pages::created_at.eq(at),
            pages::updated_at.eq(at),
        ))
        .returning(pages::id)
        .get_result::<i64>(conn);
    match inserted {
        Ok(id) => find(conn, id),
        Err(e) if crate::db::is_unique_violation(&e) => Err(Error::invalid("slug", "slug_taken")),
        Err(e) => Err(e.into()),
    }
}

pub fn update(conn: &mut DbConn, id: i64, input: &PageInput) -> Result<Page> {
    input.check()?;
    find(conn, id)?;
    let updated = diesel::update(pages::table.find(id))
        .set((
            pages::slug.eq(input.slug_or_title()),
            pages::title.eq(input.title.trim()),
            pages::body_md.eq(&input.body),
            pages::body_html.eq(markdown::to_html(&input.body)),
            pages::in_menu.eq(input.in_menu),
            pages::menu_order.eq(input.menu_order),
            pages::published.eq(input.published),
            pages::updated_at.eq(now()),
        ))
        .execute(conn);
    match updated {
        Ok(_) => find(conn, id),
        Err(e) if crate::db::is_unique_violation(&e) => Err(Error::invalid("slug", "slug_taken")),
        Err(e) => Err(e.into()),
    }
}

pub fn delete(conn: &mut DbConn, id: i64) -> Result<()> {
    let n = diesel::delete(pages::table.find(id)).execute(conn)?;
    if n == 0 { Err(Error::NotFound) } else { Ok(()) }
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Page> {
    Ok(pages::table
        .find(id)
        .select(Page::as_select())
        .first(conn)?)
}

pub fn find_published(conn: &mut DbConn, slug: &str) -> Result<Page> {
    Ok(pages::table
        .filter(pages::slug.eq(slug))
        .filter(pages::published.eq(true))
        .select(Page::as_select())
        .first(conn)?)
}

pub fn all(conn: &mut DbConn) -> Result<Vec<Page>> {
    Ok(pages::table
        .order((pages::menu_order, pages::title))
        .select(Page::as_select())
        .load(conn)?)
}

/// The navigation menu: (title, slug) of the published pages marked for it, in order.
pub fn menu(conn: &mut DbConn) -> Result<Vec<(String, String)>> {
    Ok(pages::table
        .filter(pages::in_menu.eq(true))
        .filter(pages::published.eq(true))
        .order((pages::menu_order, pages::title))
        .select((pages::title, pages::slug))
        .load(conn)?)
}
