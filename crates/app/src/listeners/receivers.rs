//! Who hears what one commit's events say, looked up once per commit: the account's webhooks,
//! and per conversation its API inbox's webhook URL and its agent bots.

use crate::Result;
use std::collections::hash_map::{Entry, HashMap};
use store::delivery_receivers::{self, ConversationReceivers};
use store::webhooks::Webhook;
use store::Tx;

#[derive(Default)]
pub struct Receivers {
    webhooks: HashMap<i64, Vec<Webhook>>,
    conversations: HashMap<i64, ConversationReceivers>,
}

impl Receivers {
    pub async fn webhooks(&mut self, tx: &Tx, account_id: i64) -> Result<&[Webhook]> {
        Ok(match self.webhooks.entry(account_id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(store::webhooks::list(tx, account_id).await?),
        })
    }

    pub async fn conversation(
        &mut self,
        tx: &Tx,
        c: domain::events::ConversationRef,
    ) -> Result<&ConversationReceivers> {
        Ok(match self.conversations.entry(c.id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                e.insert(delivery_receivers::for_conversation(tx, c.inbox_id, c.id).await?)
            }
        })
    }
}
