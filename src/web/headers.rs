//! The Content-Security-Policy of every answer. Pages carry no inline script, style block or
//! `style`/`on*` attribute (the little CSS and JavaScript is under /static), so the policy
//! allows this site's own files only. Images may come from elsewhere (an image in a news post
//! can be linked from another site). Nothing may put the pages in a frame, except the answers
//! meant for it (the newsletter form for other sites), which use `frameable_policy`.
//!
//! One exception: the campaign editor shows the mail being written in a sandboxed frame
//! (`srcdoc`), which inherits the page's policy; mails are styled inline (mail programs know no
//! other way), so those pages allow inline style, never inline script.

use axum::{
    extract::Request,
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// The pages that show a mail's HTML in a frame.
const MAIL_PREVIEWS: &str = "/dashboard/campaigns";

const BASE: &str = "default-src 'self'; img-src 'self' data: https:; style-src 'self'; \
                    script-src 'self'; object-src 'none'; base-uri 'self'";

/// The policy of every answer that does not set its own.
fn policy() -> HeaderValue {
    HeaderValue::from_str(&format!("{BASE}; frame-ancestors 'none'")).expect("ASCII")
}

/// The policy of the answers other sites may put in a frame.
pub fn frameable_policy() -> HeaderValue {
    HeaderValue::from_str(&format!("{BASE}; frame-ancestors *")).expect("ASCII")
}

fn mail_preview_policy() -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{}; frame-ancestors 'none'",
        BASE.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    ))
    .expect("ASCII")
}

/// Sets the policy on every answer that has none.
pub async fn set_policy(request: Request, next: Next) -> Response {
    let previews_mail = request.uri().path().starts_with(MAIL_PREVIEWS);
    let mut response = next.run(request).await;
    if !response
        .headers()
        .contains_key(header::CONTENT_SECURITY_POLICY)
    {
        let policy = if previews_mail {
            mail_preview_policy()
        } else {
            policy()
        };
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}
