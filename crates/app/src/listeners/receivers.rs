//! Who hears what one commit's events say, looked up once per commit: the account's webhooks,
//! and per conversation its API inbox's webhook URL and its agent bots.

use crate::Result;
use std::collections::HashMap;
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
        if !self.webhooks.contains_key(&account_id) {
            let list = store::webhooks::list(tx, account_id).await?;
            self.webhooks.insert(account_id, list);
        }
        Ok(&self.webhooks[&account_id])
    }

    pub async fn conversation(
        &mut self,
        tx: &Tx,
        c: domain::events::ConversationRef,
    ) -> Result<&ConversationReceivers> {
        if !self.conversations.contains_key(&c.id) {
            let r = delivery_receivers::for_conversation(tx, c.inbox_id, c.id).await?;
            self.conversations.insert(c.id, r);
        }
        Ok(&self.conversations[&c.id])
    }
}
