//! News posts: written in Markdown, published on the website, in the Atom feed, and (by the
//! federation face) to followers.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{markdown, slugs};
use crate::db::{DbConn, now, schema::posts};
use crate::error::{Error, FieldError, Result};

// serde: the post travels in job payloads (app::effects).
#[derive(Debug, Clone, Queryable, Selectable, Serialize, Deserialize)]
#[diesel(table_name = posts)]
pub struct Post {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body_md: String,
    pub body_html: String,
    /// Plain text for lists and link previews: the summary, or the start of the text.
    pub excerpt: String,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Post {
    pub fn is_published(&self) -> bool {
        self.published_at.is_some()
    }
}

/// What a member types: the same fields from the dashboard form and from the API.
#[derive(Debug, Clone, Default)]
pub struct PostInput {
    /// Required: a missing title is refused like an empty one, with the field named (422).
    pub title: String,
    pub summary: String,
    /// Markdown. Required.
    pub body: String,
    /// Publish now (or keep published); `false` keeps a draft (or takes the post back).
    pub publish: bool,
}

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 100_000;

impl PostInput {
    /// Every mistake at once, so that the form can show each next to its field.
    pub fn check(&self) -> Result<()> {
        let mut errors = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            errors.push(FieldError {
                field: "title",
                code: "required",
            });
        } else if title.chars().count() > TITLE_MAX {
            errors.push(FieldError {
                field: "title",
                code: "too_long",
            });
        }
        if self.summary.chars().count() > 500 {
            errors.push(FieldError {
                field: "summary",
                code: "too_long",
            });
        }
        if self.body.trim().is_empty() {
            errors.push(FieldError {
                field: "body",
                code: "required",
            });
        } else if self.body.len() > BODY_MAX {
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
}

pub fn create(conn: &mut DbConn, input: &PostInput) -> Result<Post> {
    input.check()?;
    let base = slugs::from_title(&input.title, "news");
    let body_html = markdown::to_html(&input.body);
    let at = now();
    // Posts with the same title may be saved at once, so the slug is not looked up first: the
    // insert is tried, and the one that meets the unique key takes the next free slug. Writing
    // first also lets SQLite take its write lock (waiting its turn) rather than fail to turn a
    // read into a write; the savepoint keeps an enclosing PostgreSQL transaction usable after a
    // refused insert.
    let mut slug = base.clone();
    let mut attempts = 0;
    let id = loop {
        let inserted = conn.transaction::<i64, diesel::result::Error, _>(|c| {
            diesel::insert_into(posts::table)
                .values((
                    posts::slug.eq(&slug),
                    posts::title.eq(input.title.trim()),
                    posts::summary.eq(input.summary.trim()),
                    posts::body_md.eq(&input.body),
                    posts::body_html.eq(&body_html),
                    posts::excerpt.eq(excerpt(input, &body_html)),
                    posts::published_at.eq(input.publish.then_some(at)),
                    posts::created_at.eq(at),
                    posts::updated_at.eq(at),
                ))
                .returning(posts::id)
                .get_result(c)
        });
        match inserted {
            Ok(id) => break id,
            Err(e) if crate::db::is_unique_violation(&e) && attempts < 20 => {
                attempts += 1;
                slug = slugs::unique(&base, |s| slug_taken(conn, s))?;
            }
            Err(e) => return Err(e.into()),
        }
    };
    find(conn, id)
}

/// Saves an edit. The slug stays: it is the post's address, which followers already have.
pub fn update(conn: &mut DbConn, id: i64, input: &PostInput) -> Result<Post> {
    input.check()?;
    let before = find(conn, id)?;
    let at = now();
    let published_at = match (input.publish, before.published_at) {
        (true, Some(t)) => Some(t),
        (true, None) => Some(at),
        (false, _) => None,
    };
    let body_html = markdown::to_html(&input.body);
    diesel::update(posts::table.find(id))
        .set((
            posts::title.eq(input.title.trim()),
            posts::summary.eq(input.summary.trim()),
            posts::body_md.eq(&input.body),
            posts::body_html.eq(&body_html),
            posts::excerpt.eq(excerpt(input, &body_html)),
            posts::published_at.eq(published_at),
            posts::updated_at.eq(at),
        ))
        .execute(conn)?;
    find(conn, id)
}

pub fn delete(conn: &mut DbConn, id: i64) -> Result<Post> {
    let post = find(conn, id)?;
    diesel::delete(posts::table.find(id)).execute(conn)?;
    Ok(post)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Post> {
    Ok(posts::table
        .find(id)
        .select(Post::as_select())
        .first(conn)?)
}

pub fn find_published(conn: &mut DbConn, slug: &str) -> Result<Post> {
    Ok(posts::table
        .filter(posts::slug.eq(slug))
        .filter(posts::published_at.is_not_null())
        .select(Post::as_select())
        .first(conn)?)
}

/// Published posts, newest first.
pub fn published(conn: &mut DbConn, limit: i64, offset: i64) -> Result<Vec<Post>> {
    Ok(posts::table
        .filter(posts::published_at.is_not_null())
        .order((posts::published_at.desc(), posts::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(Post::as_select())
        .load(conn)?)
}

pub fn count_published(conn: &mut DbConn) -> Result<i64> {
    Ok(posts::table
        .filter(posts::published_at.is_not_null())
        .count()
        .get_result(conn)?)
}

/// Every post, drafts included, newest first: the dashboard's list.
pub fn all(conn: &mut DbConn) -> Result<Vec<Post>> {
    Ok(posts::table
        .order(posts::id.desc())
        .select(Post::as_select())
        .load(conn)?)
}

/// The summary when there is one, else the start of the text, as plain text.
fn excerpt(input: &PostInput, body_html: &str) -> String {
    match input.summary.trim() {
        "" => markdown::plain_text(body_html, 280),
        summary => summary.to_string(),
    }
}

fn slug_taken(conn: &mut DbConn, slug: &str) -> QueryResult<bool> {
    Ok(posts::table
        .filter(posts::slug.eq(slug))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}
