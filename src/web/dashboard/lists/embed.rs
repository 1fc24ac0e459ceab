//! The snippets that put the subscribe form on another site.

use crate::App;
use crate::i18n::Lang;

/// The two snippets that put the subscribe form on another site: the frame shows the public
/// form (every public list); the plain form subscribes to this list, in the page's language.
pub(super) fn embed_snippets(app: &App, lang: Lang, list_id: i64) -> (String, String) {
    let base = app.settings.base();
    let iframe = format!(
        "<iframe src=\"{base}/newsletter/embed?lang={}\" title=\"{}\" style=\"width:100%;max-width:32rem;height:30rem;border:0\" loading=\"lazy\"></iframe>",
        lang.code(),
        html_attr(&app.settings.name)
    );
    let form = [
        format!("<form action=\"{base}/newsletter/subscribe\" method=\"post\">"),
        format!("  <input type=\"hidden\" name=\"list\" value=\"{list_id}\">"),
        format!("  <input type=\"hidden\" name=\"lang\" value=\"{}\">", lang.code()),
        format!("  <label for=\"nl-email\">{}</label>", html_attr(lang.t("email"))),
        "  <input type=\"email\" id=\"nl-email\" name=\"email\" required>".to_string(),
        format!(
            "  <label for=\"nl-name\">{}</label>",
            html_attr(lang.t("nl_sub_name_optional"))
        ),
        "  <input type=\"text\" id=\"nl-name\" name=\"name\">".to_string(),
        "  <div style=\"position:absolute;left:-10000px\" aria-hidden=\"true\"><input type=\"text\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>".to_string(),
        format!("  <p>{}</p>", html_attr(lang.t("nl_sub_what_you_get"))),
        format!("  <button type=\"submit\">{}</button>", html_attr(lang.t("nl_sub_button"))),
        "</form>".to_string(),
    ]
    .join("\n");
    (iframe, form)
}

fn html_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
