//! Rails-style validation errors. Chatwoot answers an invalid record with
//! `{"message": "<full messages joined by ', '>", "attributes": [...]}`; this type carries
//! exactly what that body needs.

/// One failed rule: the attribute (`"email"`) and Rails' message (`"can't be blank"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub attribute: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    errors: Vec<FieldError>,
}

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(attribute: &str, message: &str) -> Self {
        let mut e = Self::new();
        e.add(attribute, message);
        e
    }

    pub fn add(&mut self, attribute: &str, message: &str) {
        self.errors.push(FieldError {
            attribute: attribute.to_string(),
            message: message.to_string(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// `Ok(())` when nothing failed, so validators can end with `errors.into_result()?`.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// Rails' `errors.full_messages.join(', ')`: "Name can't be blank, Email is invalid".
    pub fn full_message(&self) -> String {
        self.errors
            .iter()
            .map(|e| full_message(&e.attribute, &e.message))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Rails' `errors.attribute_names`: unique, in order of first failure.
    pub fn attribute_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for e in &self.errors {
            if !names.contains(&e.attribute) {
                names.push(e.attribute.clone());
            }
        }
        names
    }
}

/// `humanize` of the attribute name followed by the message, as ActiveModel does;
/// `base` errors stand alone.
fn full_message(attribute: &str, message: &str) -> String {
    if attribute == "base" {
        return message.to_string();
    }
    let last = attribute.rsplit('.').next().unwrap_or(attribute);
    let human = last.strip_suffix("_id").unwrap_or(last).replace('_', " ");
    let mut chars = human.chars();
    let human = match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    };
    format!("{human} {message}")
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.full_message())
    }
}

impl std::error::Error for ValidationErrors {}

/// Errors a domain rule can raise.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DomainError {
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// A Pundit denial: Chatwoot answers 401 "You are not authorized to do this action".
    #[error("You are not authorized to do this action")]
    NotAuthorized,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_messages_read_like_rails() {
        let mut e = ValidationErrors::new();
        e.add("name", "can't be blank");
        e.add("email", "is invalid");
        e.add("email", "has already been taken");
        e.add("base", "Something broke");
        e.add("inbox_id", "must exist");
        assert_eq!(
            e.full_message(),
            "Name can't be blank, Email is invalid, Email has already been taken, Something broke, Inbox must exist"
        );
        assert_eq!(
            e.attribute_names(),
            vec!["name", "email", "base", "inbox_id"]
        );
    }

    #[test]
    fn empty_errors_are_ok() {
        assert!(ValidationErrors::new().into_result().is_ok());
    }
}
