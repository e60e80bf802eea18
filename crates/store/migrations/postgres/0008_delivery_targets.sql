-- Deliveries reach three kinds of receiver, as upstream's `WebhookJob` types do: an account
-- webhook (`account_webhook`, webhook_id), an API inbox's channel webhook_url
-- (`api_inbox_webhook`, inbox_id) and an agent bot's outgoing_url (`agent_bot_webhook`,
-- agent_bot_id). One table and one job kind serve all three; the receiver's URL and secret are
-- read when a delivery is sent.
ALTER TABLE webhook_deliveries ALTER COLUMN webhook_id DROP NOT NULL;
ALTER TABLE webhook_deliveries ADD COLUMN webhook_type VARCHAR NOT NULL DEFAULT 'account_webhook';
ALTER TABLE webhook_deliveries ADD COLUMN inbox_id BIGINT;
ALTER TABLE webhook_deliveries ADD COLUMN agent_bot_id BIGINT;
CREATE INDEX index_webhook_deliveries_on_inbox_id ON webhook_deliveries (account_id, inbox_id, id);
CREATE INDEX index_webhook_deliveries_on_agent_bot_id ON webhook_deliveries (account_id, agent_bot_id, id);
