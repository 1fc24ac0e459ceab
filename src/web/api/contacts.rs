//! `/api/v1/contacts`: contacts, their consents, fields and tags; tags and groups; duplicates
//! and merging. The dashboard's rules: `ManageMembers` (admins and treasurers).

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post, put},
};
use serde::Deserialize;
use utoipa::OpenApi;

use super::contacts_shapes::{
    Consent, ConsentBody, Contact, ContactBody, ContactDetail, ContactInput, ContactList, Field,
    FieldValue, Group, MergeBody, SubscriptionLine, Tag, TagIds, TagInput,
};
use super::{ApiUser, JsonBody};
use crate::accounts::Capability;
use crate::db::DbConn;
use crate::error::{Error, Message};
use crate::members::{
    consents,
    contacts::{self, Filter, PER_PAGE},
    duplicates, fields, tags,
};
use crate::web::error_body::ErrorBody;
use crate::{App, app};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/contacts", get(list).post(create))
        .route("/api/v1/contacts/duplicates", get(duplicate_groups))
        .route("/api/v1/contacts/{id}", get(show).put(update))
        .route(
            "/api/v1/contacts/{id}/consents",
            get(consent_log).post(record_consent),
        )
        .route("/api/v1/contacts/{id}/tags", put(set_tags))
        .route("/api/v1/contacts/{id}/merge", post(merge))
        .route("/api/v1/contact-fields", get(field_list))
        .route("/api/v1/tags", get(tag_list).post(create_tag))
}

/// This resource's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        list,
        create,
        show,
        update,
        consent_log,
        record_consent,
        set_tags,
        merge,
        duplicate_groups,
        field_list,
        tag_list,
        create_tag,
    ),
    components(schemas(
        Contact,
        ContactInput,
        ContactBody,
        ContactList,
        ContactDetail,
        SubscriptionLine,
        Consent,
        ConsentBody,
        TagIds,
        MergeBody,
        Field,
        FieldValue,
        Tag,
        TagInput,
        Group,
    ))
)]
pub struct Doc;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    /// Words found in the name (accents and case do not matter), email, phone or town.
    q: Option<String>,
    /// Only contacts with this tag or group (its id).
    tag: Option<String>,
    /// Page number, from 1; 50 contacts a page.
    page: Option<String>,
    /// `true`: only contacts with an email address.
    has_email: Option<String>,
    /// `true`: only contacts whose address bounced.
    bounced: Option<String>,
    /// `true`: only contacts whose latest newsletter consent says yes.
    newsletter_consent: Option<String>,
}

fn number(name: &str, value: &Option<String>) -> Result<Option<i64>, Error> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| Error::BadRequest(Message::new("error_whole_number").with("name", name))),
    }
}

/// The API's shape of each row.
fn all<'a, D, A: From<&'a D>>(rows: &'a [D]) -> Vec<A> {
    rows.iter().map(A::from).collect()
}

fn flag(value: &Option<String>) -> bool {
    matches!(value.as_deref(), Some("true" | "1" | "yes" | "on"))
}

fn detail(c: &mut DbConn, id: i64) -> Result<ContactDetail, Error> {
    Ok(ContactDetail {
        contact: (&contacts::find(c, id)?).into(),
        current_consents: all(&consents::current(c, id)?),
        consents: all(&consents::log(c, id)?),
        fields: all(&fields::values_of(c, id)?),
        tags: all(&tags::of_contact(c, id)?),
        subscriptions: contacts::subscriptions_of(c, id)?
            .into_iter()
            .map(|(list, status)| SubscriptionLine { list, status })
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// Contacts

/// The contacts, 50 a page, sorted by name, with search and filters.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ListParams),
    responses((status = 200, body = ContactList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(app): State<App>,
    user: ApiUser,
    Query(p): Query<ListParams>,
) -> Result<Json<ContactList>, Error> {
    user.require(Capability::ManageMembers)?;
    let filter = Filter {
        q: p.q.clone().unwrap_or_default().chars().take(200).collect(),
        tag: number("tag", &p.tag)?,
        group: None,
        has_email: flag(&p.has_email),
        bounced: flag(&p.bounced),
        newsletter_consent: flag(&p.newsletter_consent),
    };
    let page = number("page", &p.page)?.unwrap_or(1).clamp(1, 1_000_000);
    let (found, total) = app
        .db
        .read(move |c| contacts::search(c, &filter, page))
        .await?;
    Ok(Json(ContactList {
        total,
        page,
        per_page: PER_PAGE,
        contacts: all(&found),
    }))
}

/// Adds a contact (with custom field values by key).
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", request_body = ContactBody,
    responses((status = 201, body = ContactDetail), (status = 422, body = ErrorBody), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(body): JsonBody<ContactBody>,
) -> Result<Response, Error> {
    user.require(Capability::ManageMembers)?;
    let by = user.0.id;
    let contact = app::contacts::create(&app, body.details(), contacts::Source::Api, by).await?;
    let view = app.db.read(move |c| detail(c, contact.id)).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// A contact with its consents (the current state and the whole log), custom field values,
/// tags and groups, and newsletter subscriptions.
#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = ContactDetail), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<ContactDetail>, Error> {
    user.require(Capability::ManageMembers)?;
    Ok(Json(app.db.read(move |c| detail(c, id)).await?))
}

/// Replaces a contact's details; custom fields named in `fields` are set, the others kept.
/// An anonymized record cannot be edited (409).
#[utoipa::path(put, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)), request_body = ContactBody,
    responses((status = 200, body = ContactDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<ContactBody>,
) -> Result<Json<ContactDetail>, Error> {
    user.require(Capability::ManageMembers)?;
    let by = user.0.id;
    app::contacts::update(&app, id, body.details(), by).await?;
    let view = app.db.read(move |c| detail(c, id)).await?;
    Ok(Json(view))
}

// ---------------------------------------------------------------------------------------------
// Consents, tags, merging

/// The whole consent log of a contact, oldest first.
#[utoipa::path(get, path = "/api/v1/contacts/{id}/consents", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = [Consent]), (status = 404, body = ErrorBody)))]
pub async fn consent_log(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Consent>>, Error> {
    user.require(Capability::ManageMembers)?;
    let log = app
        .db
        .read(move |c| {
            contacts::find(c, id)?;
            consents::log(c, id)
        })
        .await?;
    Ok(Json(all(&log)))
}

/// Records a consent given or withdrawn, with how (`source`); answers the whole log.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/consents", tag = "contacts", params(("id" = i64, Path)), request_body = ConsentBody,
    responses((status = 201, body = [Consent]), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_consent(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<ConsentBody>,
) -> Result<Response, Error> {
    user.require(Capability::ManageMembers)?;
    let by = user.0.id;
    let answer = crate::members::consents::ConsentAnswer {
        kind: body.kind,
        given: Some(body.given),
        source: body.source,
    };
    app::contacts::record_consent(&app, id, answer, by).await?;
    let log = app.db.read(move |c| consents::log(c, id)).await?;
    Ok((StatusCode::CREATED, Json(all::<_, Consent>(&log))).into_response())
}

/// Gives a contact exactly these tags and groups.
#[utoipa::path(put, path = "/api/v1/contacts/{id}/tags", tag = "contacts", params(("id" = i64, Path)), request_body = TagIds,
    responses((status = 200, body = [Tag]), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_tags(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<TagIds>,
) -> Result<Json<Vec<Tag>>, Error> {
    user.require(Capability::ManageMembers)?;
    app::contacts::set_tags(&app, id, body.tag_ids).await?;
    Ok(Json(all(&app
        .db
        .read(move |c| tags::of_contact(c, id))
        .await?)))
}

/// Groups of records that look like one person: the same email address, or the same name once
/// accents, case and spaces are folded.
#[utoipa::path(get, path = "/api/v1/contacts/duplicates", tag = "contacts",
    responses((status = 200, body = [Group]), (status = 403, body = ErrorBody)))]
pub async fn duplicate_groups(
    State(app): State<App>,
    user: ApiUser,
) -> Result<Json<Vec<Group>>, Error> {
    user.require(Capability::ManageMembers)?;
    Ok(Json(all(&app.db.read(duplicates::groups).await?)))
}

/// Merges `other_id` into this contact in one transaction (memberships, consents, history,
/// tags, fields, subscriptions, login account; empty details filled, notes joined), then
/// removes `other_id`. Answers the kept contact.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/merge", tag = "contacts", params(("id" = i64, Path)), request_body = MergeBody,
    responses((status = 200, body = ContactDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn merge(
    State(app): State<App>,
    user: ApiUser,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<MergeBody>,
) -> Result<Json<ContactDetail>, Error> {
    user.require(Capability::ManageMembers)?;
    let by = user.0.id;
    app::contacts::merge(&app, id, body.other_id, by).await?;
    Ok(Json(app.db.read(move |c| detail(c, id)).await?))
}

// ---------------------------------------------------------------------------------------------
// Definitions: custom fields, tags and groups

/// The custom fields every contact has (defined by admins in the dashboard).
#[utoipa::path(get, path = "/api/v1/contact-fields", tag = "contacts",
    responses((status = 200, body = [Field]), (status = 403, body = ErrorBody)))]
pub async fn field_list(State(app): State<App>, user: ApiUser) -> Result<Json<Vec<Field>>, Error> {
    user.require(Capability::ManageMembers)?;
    Ok(Json(all(&app.db.read(fields::all).await?)))
}

/// Every tag and group.
#[utoipa::path(get, path = "/api/v1/tags", tag = "contacts",
    responses((status = 200, body = [Tag]), (status = 403, body = ErrorBody)))]
pub async fn tag_list(State(app): State<App>, user: ApiUser) -> Result<Json<Vec<Tag>>, Error> {
    user.require(Capability::ManageMembers)?;
    Ok(Json(all(&app.db.read(tags::all).await?)))
}

/// Makes a tag (`kind`: `tag`) or a group (`kind`: `group`).
#[utoipa::path(post, path = "/api/v1/tags", tag = "contacts", request_body = TagInput,
    responses((status = 201, body = Tag), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_tag(
    State(app): State<App>,
    user: ApiUser,
    JsonBody(input): JsonBody<TagInput>,
) -> Result<Response, Error> {
    user.require(Capability::ManageMembers)?;
    let tag = app::contacts::save_tag(&app, None, input.into()).await?;
    Ok((StatusCode::CREATED, Json(Tag::from(&tag))).into_response())
}
