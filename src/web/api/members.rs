//! `/api/v1/members`, `/api/v1/memberships`, `/api/v1/membership-categories`, and
//! `/api/v1/me`. The dashboard's rules: `ManageMembers` (admins and treasurers) for members,
//! memberships and categories; any account for its own record.

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

use super::contacts_shapes::Contact;
use super::members_shapes::{
    Category, CategoryInput, Line, MemberCounts, MemberRow, Membership, MembershipInput, Person,
    Status, View,
};
use super::{ApiUser, JsonBody};
use crate::accounts::Capability;
use crate::error::Error;
use crate::members::{
    categories, contacts,
    memberships::{self, ListQuery, Source},
    period,
};
use crate::web::error_body::ErrorBody;
use crate::{App, app};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/members", get(members))
        .route("/api/v1/memberships", get(list).post(create))
        .route(
            "/api/v1/memberships/{id}",
            get(show).put(update).delete(delete),
        )
        .route("/api/v1/contacts/{id}/memberships", get(of_contact))
        .route(
            "/api/v1/membership-categories",
            get(category_list).post(create_category),
        )
        .route("/api/v1/me", get(own_record))
}

/// This resource's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        members,
        list,
        create,
        show,
        update,
        delete,
        of_contact,
        category_list,
        create_category,
        own_record,
    ),
    components(schemas(
        MemberList,
        MemberRow,
        MemberCounts,
        View,
        Membership,
        MembershipInput,
        MembershipBody,
        MembershipView,
        ContactMemberships,
        Line,
        Person,
        Status,
        Category,
        CategoryInput,
        Own,
    ))
)]
pub struct Doc;

/// The most memberships one page of `GET /api/v1/memberships` gives.
const MAX_LIMIT: i64 = 500;
/// Members per page of `GET /api/v1/members`.
const MEMBERS_PER_PAGE: i64 = 50;

// ---------------------------------------------------------------------------------------------
// Shapes

/// A page of a member list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MemberList {
    pub view: View,
    /// How many people each view holds (whatever the search).
    pub counts: MemberCounts,
    pub page: i64,
    pub per_page: i64,
    /// Whether another page follows.
    pub more: bool,
    pub members: Vec<MemberRow>,
}

/// A membership to record: who pays, and the membership.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct MembershipBody {
    pub contact_id: i64,
    #[serde(flatten)]
    pub membership: MembershipInput,
}

/// A membership with the people it covers besides its payer.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MembershipView {
    #[serde(flatten)]
    pub membership: Membership,
    pub people: Vec<Person>,
}

/// A person's status and memberships (paid or covering them), latest end first.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ContactMemberships {
    pub contact_id: i64,
    pub status: Status,
    pub memberships: Vec<Line>,
}

/// The caller's own record.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Own {
    pub contact: Contact,
    pub status: Status,
    pub memberships: Vec<Line>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct MembersQuery {
    /// `current` (default), `renew` or `lapsed`.
    pub view: Option<String>,
    /// Part of a name.
    pub q: Option<String>,
    /// From 1.
    pub page: Option<i64>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    /// Only the memberships this contact paid.
    pub contact_id: Option<i64>,
    pub offset: Option<i64>,
    /// At most 500; 100 by default.
    pub limit: Option<i64>,
}

fn view_of(db: &mut crate::db::DbConn, id: i64) -> Result<MembershipView, Error> {
    let membership = memberships::find(db, id)?;
    let people = memberships::people(db, id)?
        .iter()
        .map(|contact| Person::from(&memberships::Person::from(contact)))
        .collect();
    Ok(MembershipView {
        membership: (&membership).into(),
        people,
    })
}

// ---------------------------------------------------------------------------------------------
// Members

/// A member list: members today, to renew soon, or lapsed; sorted by name, 50 a page.
#[utoipa::path(get, path = "/api/v1/members", tag = "members", params(MembersQuery),
    responses((status = 200, body = MemberList), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn members(
    State(app): State<App>,
    user: ApiUser,
    Query(q): Query<MembersQuery>,
) -> Result<Json<MemberList>, Error> {
    user.require(Capability::ManageMembers)?;
    let view = match q.view.as_deref().map(str::trim) {
        None | Some("") => memberships::View::Current,
        Some(text) => {
            memberships::View::parse(text).ok_or_else(|| Error::bad_request("error_member_view"))?
        }
    };
    let page = q.page.unwrap_or(1);
    if !(1..=100_000).contains(&page) {
        return Err(Error::bad_request("error_page_number"));
    }
    let today = app.today();
    let search = q.q.unwrap_or_default();
    let (mut rows, counts) = app
        .db
        .read(move |c| {
            let window = period::load(c)?.renew_window();
            let query = ListQuery {
                view,
                search,
                today,
                renew_window: window,
                offset: (page - 1) * MEMBERS_PER_PAGE,
                limit: MEMBERS_PER_PAGE + 1,
            };
            Ok::<_, Error>((
                memberships::list(c, &query)?,
                memberships::counts(c, today, window)?,
            ))
        })
        .await?;
    let more = rows.len() as i64 > MEMBERS_PER_PAGE;
    rows.truncate(MEMBERS_PER_PAGE as usize);
    Ok(Json(MemberList {
        view: view.into(),
        counts: (&counts).into(),
        page,
        per_page: MEMBERS_PER_PAGE,
        more,
        members: rows.iter().map(MemberRow::from).collect(),
    }))
}

// ---------------------------------------------------------------------------------------------
// Memberships

/// Memberships, latest end first; only one payer's with `contact_id`.
#[utoipa::path(get, path = "/api/v1/memberships", tag = "members", params(ListParams),
    responses((status = 200, body = [Membership]), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(app): State<App>,
    user: ApiUser,
    Query(q): Query<ListParams>,
) -> Result<Json<Vec<Membership>>, Error> {
    user.require(Capability::ManageMembers)?;
    let offset = q.offset.unwrap_or(0).max(0);
    let limit = q.limit.unwrap_or(100).clamp(1, MAX_LIMIT);
    let all = app
        .db
        .read(move |c| memberships::all(c, q.contact_id, offset, limit))
        .await?;
    Ok(Json(all.iter().map(Membership::from).collect()))
}

/// Records a membership. Its period follows the settings (the season, or twelve months from
/// `paid_on`); a renewal paid before the current membership ends follows it. `amount_cents`
/// may be left out for a fixed or family category (its amount); a pay-what-you-want one
/// refuses less than its minimum.
#[utoipa::path(post, path = "/api/v1/memberships", tag = "members", request_body = MembershipBody,
    responses((status = 201, body = MembershipView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(body): JsonBody<MembershipBody>,
) -> Result<Response, Error> {
    user.require(Capability::ManageMembers)?;
    let by = user.0.id;
    let m = app::memberships::create(
        &app,
        body.contact_id,
        body.membership.into(),
        Source::Api,
        by,
    )
    .await?;
    let view = app.db.read(move |c| view_of(c, m.id)).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[utoipa::path(get, path = "/api/v1/memberships/{id}", tag = "members", params(("id" = i64, Path)),
    responses((status = 200, body = MembershipView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<MembershipView>, Error> {
    user.require(Capability::ManageMembers)?;
    Ok(Json(app.db.read(move |c| view_of(c, id)).await?))
}

/// Saves an edit; the period is computed again from `paid_on`.
#[utoipa::path(put, path = "/api/v1/memberships/{id}", tag = "members", params(("id" = i64, Path)), request_body = MembershipInput,
    responses((status = 200, body = MembershipView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<MembershipInput>,
) -> Result<Json<MembershipView>, Error> {
    user.require(Capability::ManageMembers)?;
    let by = user.0.id;
    app::memberships::update(&app, id, input.into(), by).await?;
    let view = app.db.read(move |c| view_of(c, id)).await?;
    Ok(Json(view))
}

/// Deletes a membership recorded by mistake.
#[utoipa::path(delete, path = "/api/v1/memberships/{id}", tag = "members", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    user.require(Capability::ManageMembers)?;
    let by = user.0.id;
    app::memberships::delete(&app, id, by).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A person's status and memberships.
#[utoipa::path(get, path = "/api/v1/contacts/{id}/memberships", tag = "members", params(("id" = i64, Path)),
    responses((status = 200, body = ContactMemberships), (status = 404, body = ErrorBody)))]
pub async fn of_contact(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<ContactMemberships>, Error> {
    user.require(Capability::ManageMembers)?;
    let today = app.today();
    let (status, lines) = app
        .db
        .read(move |c| {
            contacts::find(c, id)?;
            let settings = period::load(c)?;
            Ok::<_, Error>((
                memberships::status(c, id, today, &settings)?,
                memberships::history_of(c, id)?,
            ))
        })
        .await?;
    Ok(Json(ContactMemberships {
        contact_id: id,
        status: status.into(),
        memberships: lines.iter().map(Line::from).collect(),
    }))
}

// ---------------------------------------------------------------------------------------------
// Categories

/// Every category, in order; `active` says whether it is offered for new memberships.
#[utoipa::path(get, path = "/api/v1/membership-categories", tag = "members",
    responses((status = 200, body = [Category]), (status = 403, body = ErrorBody)))]
pub async fn category_list(
    State(app): State<App>,
    user: ApiUser,
) -> Result<Json<Vec<Category>>, Error> {
    user.require(Capability::ManageMembers)?;
    let all = app.db.read(categories::all).await?;
    Ok(Json(all.iter().map(Category::from).collect()))
}

/// Adds a category: `fixed` and `family` need `amount_cents`, `free` takes `min_cents`.
#[utoipa::path(post, path = "/api/v1/membership-categories", tag = "members", request_body = CategoryInput,
    responses((status = 201, body = Category), (status = 422, body = ErrorBody)))]
pub async fn create_category(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<CategoryInput>,
) -> Result<Response, Error> {
    user.require(Capability::ManageMembers)?;
    let category = app::members::create_category(&app, input.into()).await?;
    Ok((StatusCode::CREATED, Json(Category::from(&category))).into_response())
}

// ---------------------------------------------------------------------------------------------
// One's own record

/// The caller's own record, status and memberships; 404 when no record is linked to the
/// account (the dashboard's "My record" page makes one).
#[utoipa::path(get, path = "/api/v1/me", tag = "members",
    responses((status = 200, body = Own), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn own_record(State(app): State<App>, user: ApiUser) -> Result<Json<Own>, Error> {
    user.require(Capability::UseDashboard)?;
    let user_id = user.0.id;
    let today = app.today();
    let own = app
        .db
        .read(move |c| {
            let contact = contacts::find_by_user(c, user_id)?.ok_or(Error::NotFound)?;
            let settings = period::load(c)?;
            let status = memberships::status(c, contact.id, today, &settings)?;
            let memberships = memberships::history_of(c, contact.id)?;
            Ok::<_, Error>(Own {
                contact: (&contact).into(),
                status: status.into(),
                memberships: memberships.iter().map(Line::from).collect(),
            })
        })
        .await?;
    Ok(Json(own))
}
