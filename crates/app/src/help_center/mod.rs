//! The Help Center's use cases: portals, their categories and their articles
//! (upstream `Api::V1::Accounts::{Portals,Categories,Articles}Controller` and the models behind
//! them). Every use case validates first and writes in one transaction.

pub mod articles;
pub mod categories;
pub mod portals;

use domain::ValidationErrors;

/// Caps for free text, so oversized input is a 422 and never a database error.
pub const NAME_MAX: usize = 255;
pub const TEXT_MAX: usize = 65_535;
/// Locale codes such as `en`, `pt_BR`, `zh-TW`.
pub const LOCALE_MAX: usize = 16;

/// Rails' `presence`: blank text is no text.
pub fn presence(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// `validates :x, presence: true` for an already-typed value.
pub(crate) fn require_text(errors: &mut ValidationErrors, attribute: &str, value: Option<&str>) {
    domain::validate::presence(errors, attribute, value);
}

/// A locale code: letters, digits, `_` or `-`, starting with a letter.
pub fn is_locale_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && code.len() <= LOCALE_MAX
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Kaminari's offset for `page(n)`: the number as Ruby's `to_i` reads it, pages below 1 are 1.
pub fn page_offset(page: Option<&str>, per_page: i64) -> i64 {
    let page = page.map(ruby_to_i).unwrap_or(1);
    page.saturating_sub(1).max(0).saturating_mul(per_page)
}

/// Ruby's `String#to_i`: optional sign and leading digits, 0 when there are none; saturates.
fn ruby_to_i(text: &str) -> i64 {
    let t = text.trim_start();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let mut n: i64 = 0;
    for d in digits.chars().map_while(|c| c.to_digit(10)) {
        n = n.saturating_mul(10).saturating_add(i64::from(d));
    }
    if negative {
        -n
    } else {
        n
    }
}

/// ActiveSupport's `underscore.parameterize(separator: '-')`, as Article builds default slugs.
/// Non-ASCII letters have no transliteration here and act as separators.
pub fn parameterize(title: &str) -> String {
    // `underscore`: split CamelCase words, dashes become underscores, all lower case.
    let chars: Vec<char> = title.chars().collect();
    let mut snake = String::with_capacity(title.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                snake.push('_');
            }
        }
        snake.push(if c == '-' {
            '_'
        } else {
            c.to_ascii_lowercase()
        });
    }
    // `parameterize`: runs of anything but [a-z0-9_-] become one separator, trimmed at the ends.
    let mut out = String::with_capacity(snake.len());
    let mut pending = false;
    for c in snake.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            if pending && !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            pending = false;
            out.push(c);
        } else {
            pending = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.trim_start_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameterize_reads_like_active_support() {
        assert_eq!(parameterize("MyTitle"), "my_title");
        assert_eq!(
            parameterize("Getting started, fast!"),
            "getting-started-fast"
        );
        assert_eq!(parameterize("  HTTPServer setup "), "http_server-setup");
        assert_eq!(parameterize("a -- b"), "a-__-b");
        assert_eq!(parameterize("日本"), "");
    }

    #[test]
    fn pages_follow_kaminari() {
        assert_eq!(page_offset(None, 25), 0);
        assert_eq!(page_offset(Some("2"), 25), 25);
        assert_eq!(page_offset(Some("abc"), 25), 0);
        assert_eq!(page_offset(Some("-3"), 25), 0);
        assert_eq!(page_offset(Some("99999999999999999999999"), 25), i64::MAX);
    }

    #[test]
    fn locale_codes_are_short_words() {
        assert!(is_locale_code("en"));
        assert!(is_locale_code("pt_BR"));
        assert!(is_locale_code("zh-TW"));
        assert!(!is_locale_code(""));
        assert!(!is_locale_code("e n"));
        assert!(!is_locale_code("<script>"));
        assert!(!is_locale_code(&"a".repeat(40)));
    }
}
