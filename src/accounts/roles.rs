//! Roles and what each may do. Every dashboard route and API call asks for a capability,
//! never for a role, so that a role's reach is read here in one place.

use serde::{Deserialize, Serialize};

use crate::db::TextEnum;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    diesel::AsExpression,
    diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Editor,
    Organizer,
    Treasurer,
    Member,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// See the dashboard at all, change one's own password and tokens.
    UseDashboard,
    /// Pages, news posts, images.
    EditSite,
    /// Events and registrations.
    ManageEvents,
    /// Contacts, members and memberships, imports and exports, erasure.
    ManageMembers,
    /// Newsletter lists, subscribers and campaigns.
    SendNewsletter,
    /// The ledger and its documents.
    KeepBooks,
    /// Followers: remove, block.
    ModerateFollowers,
    /// Accounts, roles, the job queue.
    Administer,
}

impl TextEnum for Role {
    const ALL: &'static [Self] = &[
        Role::Admin,
        Role::Editor,
        Role::Organizer,
        Role::Treasurer,
        Role::Member,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Organizer => "organizer",
            Role::Treasurer => "treasurer",
            Role::Member => "member",
        }
    }
}

crate::stored_as_text!(Role);

impl Role {
    pub fn can(self, capability: Capability) -> bool {
        use Capability::*;
        match self {
            Role::Admin => true,
            Role::Editor => matches!(
                capability,
                UseDashboard | EditSite | ModerateFollowers | SendNewsletter
            ),
            Role::Organizer => matches!(capability, UseDashboard | ManageEvents),
            Role::Treasurer => matches!(capability, UseDashboard | KeepBooks | ManageMembers),
            Role::Member => matches!(capability, UseDashboard),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_administer_and_members_edit_nothing() {
        assert!(Role::Admin.can(Capability::Administer));
        for role in [Role::Editor, Role::Organizer, Role::Treasurer, Role::Member] {
            assert!(!role.can(Capability::Administer), "{role:?}");
            assert!(role.can(Capability::UseDashboard));
        }
        assert!(Role::Editor.can(Capability::EditSite));
        assert!(!Role::Organizer.can(Capability::EditSite));
        assert!(!Role::Member.can(Capability::EditSite));
    }

    #[test]
    fn role_names_round_trip() {
        for &role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("president"), None);
    }
}
