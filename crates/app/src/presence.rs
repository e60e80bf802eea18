//! Who is online, per account (upstream `OnlineStatusTracker`, kept in Redis there). The cable
//! marks users and contacts present; `availability_status` reads it. In-process here; several
//! nodes share presence through the realtime fan-out.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Upstream `PRESENCE_DURATION`: a client pings every 20 s; missing for 60 s means offline.
const PRESENCE_TTL: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PresenceKind {
    User,
    Contact,
}

#[derive(Default)]
pub struct Presence {
    seen: Mutex<HashMap<(i64, PresenceKind, i64), Instant>>,
}

impl Presence {
    pub fn touch(&self, account_id: i64, kind: PresenceKind, id: i64) {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((account_id, kind, id), Instant::now());
    }

    pub fn is_online(&self, account_id: i64, kind: PresenceKind, id: i64) -> bool {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.get(&(account_id, kind, id))
            .is_some_and(|t| t.elapsed() < PRESENCE_TTL)
    }

    /// Ids of `kind` online in the account.
    pub fn online(&self, account_id: i64, kind: PresenceKind) -> Vec<i64> {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let mut ids: Vec<i64> = seen
            .iter()
            .filter(|((a, k, _), t)| *a == account_id && *k == kind && t.elapsed() < PRESENCE_TTL)
            .map(|((_, _, id), _)| *id)
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
    let chosen = domain::enums::Availability::from_i32(availability)
        .unwrap_or(domain::enums::Availability::Online)
        .as_str();
    if !auto_offline || presence.is_online(account_id, PresenceKind::User, user_id) {
        chosen
    } else {
        "offline"
    }
}
