//! Field rules shared by several models, with the messages Rails and Devise give.

use crate::ValidationErrors;

/// A character class a password must draw from.
type CharRule = fn(char) -> bool;

/// Devise's `email_regexp` (config/initializers/devise.rb): something@something, no spaces.
pub fn is_email(value: &str) -> bool {
    let mut parts = value.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty() && !domain.is_empty() && !value.chars().any(char::is_whitespace)
}

/// Devise `:validatable` (6..128) plus devise-secure_password as Chatwoot configures it
/// (config/initializers/secure_password.rb): one upper-case letter, one lower-case letter,
/// one digit and one special character.
pub fn password(errors: &mut ValidationErrors, password: &str) {
    let len = password.chars().count();
    if len < 6 {
        errors.add("password", "is too short (minimum is 6 characters)");
    } else if len > 128 {
        errors.add("password", "is too long (maximum is 128 characters)");
    }
    let rules: [(&str, CharRule); 4] = [
        ("uppercase", |c| c.is_uppercase()),
        ("lowercase", |c| c.is_lowercase()),
        ("number", |c| c.is_ascii_digit()),
        ("special", |c| {
            "!@#$%^&*()_+-=[]{}|\"/\\.,`<>:;?~'".contains(c)
        }),
    ];
    for (kind, rule) in rules {
        if !password.chars().any(rule) {
            errors.add(
                "password",
                &format!("must contain at least 1 {kind} character"),
            );
        }
    }
}

/// `validates :x, presence: true`.
pub fn presence(errors: &mut ValidationErrors, attribute: &str, value: Option<&str>) {
    if value.is_none_or(|v| v.trim().is_empty()) {
        errors.add(attribute, "can't be blank");
    }
}

/// `validates :x, length: { maximum: n }` (counted in characters, as Ruby does).
pub fn max_length(errors: &mut ValidationErrors, attribute: &str, value: Option<&str>, max: usize) {
    if value.is_some_and(|v| v.chars().count() > max) {
        errors.add(
            attribute,
            &format!("is too long (maximum is {max} characters)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_one_at_and_no_spaces() {
        assert!(is_email("a@b.c"));
        assert!(is_email("john+x@example.com"));
        assert!(!is_email("nope"));
        assert!(!is_email("a@b@c"));
        assert!(!is_email("a b@c.d"));
        assert!(!is_email("@c.d"));
    }

    #[test]
    fn passwords_follow_chatwoot_complexity() {
        let mut e = ValidationErrors::new();
        password(&mut e, "Password1!");
        assert!(e.is_empty());
        let mut e = ValidationErrors::new();
        password(&mut e, "abc");
        assert_eq!(
            e.full_message(),
            "Password is too short (minimum is 6 characters), Password must contain at least 1 uppercase character, \
             Password must contain at least 1 number character, Password must contain at least 1 special character"
        );
    }

    #[test]
    fn presence_rejects_blank_strings() {
        let mut e = ValidationErrors::new();
        presence(&mut e, "name", Some("  "));
        presence(&mut e, "email", None);
        presence(&mut e, "title", Some("x"));
        assert_eq!(e.attribute_names(), vec!["name", "email"]);
    }
}
