//! Markdown to safe HTML. Everything a member writes, and everything that arrives from other
//! servers, goes through `sanitize` before it is shown.

use pulldown_cmark::{Options, Parser, html};

pub fn to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    sanitize(&out)
}

/// Keeps ordinary formatting, links and images; drops scripts, styles, event handlers and
/// anything else that could run in a reader's browser. Links get `rel="noopener noreferrer"`.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(html)
        .to_string()
}

/// Plain text made safe to put in HTML: `<`, `>`, `&` and quotes escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// Plain text of some HTML, cut at `max` characters on a word: for summaries and mails.
pub fn plain_text(html: &str, max: usize) -> String {
    let text = ammonia::Builder::empty().clean(html).to_string();
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in words {
        if out.chars().count() + word.chars().count() + 1 > max {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_and_scripts_are_dropped() {
        let html =
            to_html("Yoga **mardi**\n\n<script>alert(1)</script><img src=x onerror=alert(1)>");
        assert!(html.contains("<strong>mardi</strong>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn javascript_links_are_removed() {
        let html = to_html("[clic](javascript:alert(1)) [ok](https://example.org)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
        assert!(html.contains("noopener"), "{html}");
    }

    #[test]
    fn escape_keeps_text_and_neutralises_markup() {
        assert_eq!(
            escape("Yoga & <b>concert</b> \"ce soir\""),
            "Yoga &amp; &lt;b&gt;concert&lt;/b&gt; &quot;ce soir&quot;"
        );
    }

    #[test]
    fn plain_text_is_cut_on_a_word() {
        assert_eq!(
            plain_text("<p>Un <b>deux</b> trois quatre</p>", 12),
            "Un deux…"
        );
        assert_eq!(plain_text("<p>a &amp; b</p>", 100), "a & b");
    }
}
