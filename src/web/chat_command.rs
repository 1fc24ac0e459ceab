//! `POST /chat/command`: Mattermost's slash command. Mattermost posts a form
//! (`application/x-www-form-urlencoded`: token, team_domain, channel_name, user_id, user_name,
//! command, text, response_url...); the answer is JSON `{"response_type": "ephemeral",
//! "text": ...}`, seen only by whoever typed it. The token is checked in constant time against
//! the one kept in the settings (`app::notifications::COMMAND_TOKEN`); a wrong one gets 401.
//!
//! The words are in the association's language: Mattermost says nothing of the person's, and
//! accounts keep none.

use axum::{
    Form, Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::accounts::{tokens::constant_time_eq, users};
use crate::error::Error;
use crate::i18n::Lang;
use crate::notifications::command::{self, Command, Site};

pub fn routes() -> Router<App> {
    Router::new().route(crate::urls::chat_command(), post(answer))
}

/// What Mattermost posts (the fields we read; the others are ignored).
#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(default)]
    token: String,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    text: String,
}

#[derive(Debug, Serialize)]
struct Answer {
    response_type: &'static str,
    text: String,
}

fn ephemeral(text: String) -> Response {
    Json(Answer {
        response_type: "ephemeral",
        text,
    })
    .into_response()
}

async fn answer(State(app): State<App>, Form(request): Form<Request>) -> Response {
    let lang = Lang::from_code(&app.settings.default_lang);
    let expected = app
        .db
        .read(|c| {
            crate::db::settings::get(c, crate::app::notifications::COMMAND_TOKEN)
                .map_err(Error::from)
        })
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), request.token.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(Answer {
                response_type: "ephemeral",
                text: lang.t("chat_cmd_wrong_token").to_string(),
            }),
        )
            .into_response();
    }
    match run(&app, lang, request).await {
        Ok(text) => ephemeral(text),
        Err(e) => {
            tracing::warn!("the chat command failed: {e}");
            ephemeral(lang.t("chat_cmd_failed").to_string())
        }
    }
}

async fn run(app: &App, lang: Lang, request: Request) -> Result<String, Error> {
    let chat_user = request.user_id.trim().to_string();
    match command::parse(&request.text) {
        Command::Help => Ok(command::help(lang)),
        Command::Places => {
            let site = Site {
                base: app.settings.base().trim_end_matches('/').to_string(),
                timezone: app.settings.timezone,
            };
            app.db.read(move |c| command::places(c, lang, &site)).await
        }
        Command::Registered(query) => {
            app.db
                .read(move |c| {
                    let who = if chat_user.is_empty() {
                        None
                    } else {
                        users::find_by_chat_id(c, &chat_user)?
                    };
                    command::registered(c, lang, who.as_ref(), &query)
                })
                .await
        }
        Command::Link(code) => {
            if chat_user.is_empty() {
                return Ok(lang.t("chat_cmd_link_wrong").to_string());
            }
            match crate::app::notifications::link_chat_account(app, code, chat_user).await? {
                Some(user) => Ok(lang.t_args("chat_cmd_linked", &[("email", user.email.into())])),
                None => Ok(lang.t("chat_cmd_link_wrong").to_string()),
            }
        }
    }
}
