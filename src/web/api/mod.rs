//! The JSON API under `/api/v1`: what the dashboard does, for scripts and other tools.
//! Authenticated by personal tokens (`Authorization: Bearer chm_...`), limited by the token
//! owner's role, and described by the OpenAPI document at `/api/openapi.json`, generated from
//! these handlers so that it cannot drift from them.

pub mod campaigns;
pub mod campaigns_shapes;
pub mod contacts;
pub mod contacts_shapes;
pub mod events;
pub mod events_shapes;
pub mod followers;
pub mod jobs;
pub mod ledger;
pub mod ledger_shapes;
pub mod lists;
pub mod lists_shapes;
pub mod members;
pub mod members_shapes;
pub mod notifications;
pub mod notifications_shapes;
pub mod pages;
pub mod posts;
pub mod privacy;
pub mod registrations_shapes;

use axum::{
    Json, Router,
    extract::{FromRef, FromRequestParts},
    http::{header::AUTHORIZATION, request::Parts},
    response::{IntoResponse, Response},
    routing::get,
};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{Http, HttpAuthScheme, SecurityScheme},
};

use crate::App;
use crate::accounts::{Capability, User, api_tokens};
use crate::error::{Error, Message};

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .merge(posts::routes())
        .merge(pages::routes())
        .merge(followers::routes())
        .merge(jobs::routes())
        .merge(events::routes())
        .merge(contacts::routes())
        .merge(members::routes())
        .merge(privacy::routes())
        .merge(lists::routes())
        .merge(campaigns::routes())
        .merge(notifications::routes())
        .merge(ledger::routes())
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Cheminement API", description = "What the dashboard does, for scripts. Authenticate with a personal token: `Authorization: Bearer chm_...`."),
    paths(
        posts::list, posts::create, posts::show, posts::update, posts::delete,
        pages::list, pages::create, pages::show, pages::update, pages::delete,
        followers::list, followers::remove,
        jobs::list,
        events::list, events::create, events::show, events::update, events::delete,
        events::cancel, events::set_capacity, events::message,
        events::registrations_of, events::registrations_csv,
        events::confirm, events::refuse, events::cancel_registration,
        events::check_in, events::undo_check_in,
        events::create_series, events::show_series, events::update_series,
    ),
    components(schemas(
        posts::Post, posts::PostInput,
        pages::Page, pages::PageInput,
        followers::Follower, followers::FollowerList,
        jobs::Job, crate::web::error_body::ErrorBody, posts::PostCreated,
        events_shapes::Event, events_shapes::EventInput, events_shapes::EventStatus,
        registrations_shapes::Registration, registrations_shapes::RegistrationStatus,
        registrations_shapes::Channel,
        events_shapes::SeriesRule, events_shapes::SeriesEdit,
        events::EventView, events::CapacityInput, events::MessageInput, events::MessageSent,
        events::SeriesInput, events::SeriesView,
    )),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The whole document: the common part above, then each resource's own part.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for part in [
        contacts::Doc::openapi(),
        members::Doc::openapi(),
        privacy::Doc::openapi(),
        lists::Doc::openapi(),
        campaigns::Doc::openapi(),
        notifications::Doc::openapi(),
        ledger::Doc::openapi(),
    ] {
        doc.merge(part);
    }
    doc
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}

/// The owner of the request's token. No token or an unknown one: 401.
pub struct ApiUser(pub User);

impl ApiUser {
    pub fn require(&self, capability: Capability) -> Result<(), Error> {
        if self.0.role().can(capability) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}

impl<S> FromRequestParts<S> for ApiUser
where
    S: Send + Sync,
    App: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = App::from_ref(state);
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let Some(token) = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .map(str::to_string)
        else {
            return Err(Error::Unauthorized.into_response());
        };
        match app
            .db
            .run(move |c| api_tokens::authenticate(c, &token))
            .await
        {
            Ok(Some(user)) => Ok(ApiUser(user)),
            Ok(None) => Err(Error::Unauthorized.into_response()),
            Err(e) => Err(e.into_response()),
        }
    }
}

/// A JSON body, with a clear 400 (not axum's plain text) when it cannot be read.
pub struct JsonBody<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for JsonBody<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection;
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(unsupported_media_type("error_body_not_json"))
            }
            Err(rejection) => Err(Error::BadRequest(
                Message::new("error_request_rejected").with("detail", rejection.body_text()),
            )
            .into_response()),
        }
    }
}

/// A 415 answer: the body is not of the type the route reads; `key` says which it wants.
pub fn unsupported_media_type(key: &'static str) -> Response {
    (
        axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Json(crate::web::error_body::ErrorBody {
            error: Message::new(key).to_string(),
            fields: vec![],
        }),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    /// utoipa keys the document's schemas by type name: two shapes of the same name would
    /// silently share one schema, and the API would describe one of them wrongly. The three
    /// kinds of counts once were all `Counts`.
    #[test]
    fn each_kind_of_counts_has_its_own_schema() {
        let doc = serde_json::to_value(super::document()).unwrap();
        let fields = |name: &str| -> Vec<String> {
            let properties = &doc["components"]["schemas"][name]["properties"];
            let mut keys: Vec<String> = properties
                .as_object()
                .unwrap_or_else(|| panic!("no schema {name}"))
                .keys()
                .cloned()
                .collect();
            keys.sort();
            keys
        };
        assert_eq!(fields("MemberCounts"), ["current", "lapsed", "renew"]);
        assert_eq!(
            fields("ListCounts"),
            ["confirmed", "pending", "unsubscribed"]
        );
        assert!(fields("CampaignCounts").contains(&"recipients".to_string()));
        assert!(doc["components"]["schemas"]["Counts"].is_null());
    }

    /// Not a check: a tool to compare the document of two versions of the code.
    /// `CHEMINEMENT_OPENAPI_OUT=/tmp/openapi.json cargo test --lib -- --ignored write_the_openapi_document`
    #[test]
    #[ignore]
    fn write_the_openapi_document() {
        let path = std::env::var("CHEMINEMENT_OPENAPI_OUT").expect("CHEMINEMENT_OPENAPI_OUT");
        let json = serde_json::to_string_pretty(&super::document()).expect("the document as JSON");
        std::fs::write(path, json).expect("the file written");
    }
}
