//! Who may do what, as Chatwoot's Pundit policies (app/policies) decide it. Pure functions over
//! the caller's role; handlers call them and answer a denial with 401.

use crate::enums::Role;
use crate::DomainError;

/// Actions only an administrator may take: account update, inbox and inbox-member writes,
/// help-center writes, agent and team writes, webhooks, and so on (see the inventory, section 4).
pub fn require_admin(role: Role) -> Result<(), DomainError> {
    match role {
        Role::Administrator => Ok(()),
        Role::Agent => Err(DomainError::NotAuthorized),
    }
}

/// `InboxPolicy#show?`: administrators see every inbox; agents the ones they are members of.
pub fn can_show_inbox(role: Role, is_member: bool) -> bool {
    role == Role::Administrator || is_member
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_administrators_pass_require_admin() {
        assert!(require_admin(Role::Administrator).is_ok());
        assert_eq!(require_admin(Role::Agent), Err(DomainError::NotAuthorized));
    }

    #[test]
    fn agents_see_only_their_inboxes() {
        assert!(can_show_inbox(Role::Agent, true));
        assert!(!can_show_inbox(Role::Agent, false));
        assert!(can_show_inbox(Role::Administrator, false));
    }
}
