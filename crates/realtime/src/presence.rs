//! Who is online, per account (upstream lib/online_status_tracker.rb, a Redis sorted set of
//! last-seen times there). RoomChannel marks users and contacts present on subscribe and on each
//! `update_presence`; `availability_status` reads it. Each node keeps the whole map: touches made
//! on one node reach the others through the fan-out (`Realtime::touch`), with the time they were
//! made, so every node answers alike.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// How long a touch counts. Upstream's `PRESENCE_DURATION` is 20 s, exactly the clients'
/// `update_presence` interval, so agents flicker offline between pings there; 60 s rides out two
/// late pings.
pub const PRESENCE_TTL_MS: i64 = 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PresenceKind {
    User,
    Contact,
}

impl PresenceKind {
    /// The class name upstream keys presence by.
    pub fn as_str(self) -> &'static str {
        match self {
            PresenceKind::User => "User",
            PresenceKind::Contact => "Contact",
        }
    }

    pub fn parse(s: &str) -> Option<PresenceKind> {
        match s {
            "User" => Some(PresenceKind::User),
            "Contact" => Some(PresenceKind::Contact),
            _ => None,
        }
    }
}

/// Milliseconds since the epoch: the same clock on every node, unlike `Instant`.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

#[derive(Default)]
pub struct Presence {
    seen: Mutex<HashMap<(i64, PresenceKind, i64), i64>>,
}

impl Presence {
    /// Marks the user or contact present now, on this node only (`Realtime::touch` tells the
    /// others too).
    pub fn touch(&self, account_id: i64, kind: PresenceKind, id: i64) {
        self.touch_at(account_id, kind, id, now_ms());
    }

    /// Records a touch made at `at_ms`; an older touch than the one known changes nothing.
    pub fn touch_at(&self, account_id: i64, kind: PresenceKind, id: i64, at_ms: i64) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let t = seen.entry((account_id, kind, id)).or_insert(at_ms);
        *t = (*t).max(at_ms);
    }

    pub fn is_online(&self, account_id: i64, kind: PresenceKind, id: i64) -> bool {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.get(&(account_id, kind, id))
            .is_some_and(|t| *t > now_ms() - PRESENCE_TTL_MS)
    }

    /// Ids of `kind` online in the account, ascending. Forgets everyone gone for longer than the
    /// TTL on the way (upstream trims its sorted set the same way).
    pub fn online(&self, account_id: i64, kind: PresenceKind) -> Vec<i64> {
        let since = now_ms() - PRESENCE_TTL_MS;
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.retain(|_, t| *t > since);
        let mut ids: Vec<i64> = seen
            .keys()
            .filter(|(a, k, _)| *a == account_id && *k == kind)
            .map(|(_, _, id)| *id)
            .collect();
        ids.sort_unstable();
        ids
    }
}

/// `AvailabilityStatusable#user_availability_status`: with `auto_offline` an absent user shows
/// offline; otherwise the chosen availability stands.
pub fn user_availability_status(
    presence: &Presence,
    account_id: i64,
    user_id: i64,
    availability: i32,
    auto_offline: bool,
) -> &'static str {
    let chosen = availability_name(availability);
    if !auto_offline || presence.is_online(account_id, PresenceKind::User, user_id) {
        chosen
    } else {
        "offline"
    }
}

/// The chosen availability's name (`online`, `offline`, `busy`).
pub fn availability_name(availability: i32) -> &'static str {
    domain::enums::Availability::from_i32(availability)
        .unwrap_or(domain::enums::Availability::Online)
        .as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touches_expire_and_keep_the_latest_time() {
        let p = Presence::default();
        p.touch(1, PresenceKind::User, 5);
        p.touch_at(1, PresenceKind::User, 6, now_ms() - PRESENCE_TTL_MS - 1);
        p.touch(2, PresenceKind::User, 7);
        p.touch(1, PresenceKind::Contact, 8);
        assert!(p.is_online(1, PresenceKind::User, 5));
        assert!(!p.is_online(1, PresenceKind::User, 6));
        assert_eq!(p.online(1, PresenceKind::User), vec![5]);
        assert_eq!(p.online(1, PresenceKind::Contact), vec![8]);
        // A stale touch arriving late from another node does not undo a fresh one.
        p.touch_at(1, PresenceKind::User, 5, 0);
        assert!(p.is_online(1, PresenceKind::User, 5));
    }

    #[test]
    fn availability_follows_auto_offline() {
        let p = Presence::default();
        assert_eq!(user_availability_status(&p, 1, 2, 2, false), "busy");
        assert_eq!(user_availability_status(&p, 1, 2, 2, true), "offline");
        p.touch(1, PresenceKind::User, 2);
        assert_eq!(user_availability_status(&p, 1, 2, 2, true), "busy");
    }
}
