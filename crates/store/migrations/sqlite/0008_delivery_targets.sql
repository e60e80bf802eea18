-- Deliveries reach three kinds of receiver, as upstream's `WebhookJob` types do: an account
-- webhook (`account_webhook`, webhook_id), an API inbox's channel webhook_url
-- (`api_inbox_webhook`, inbox_id) and an agent bot's outgoing_url (`agent_bot_webhook`,
-- agent_bot_id). One table and one job kind serve all three; the receiver's URL and secret are
-- read when a delivery is sent.
CREATE TABLE webhook_deliveries_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id BIGINT NOT NULL,
  webhook_id BIGINT,
  job_id BIGINT,
  uuid VARCHAR NOT NULL,
  event_name VARCHAR NOT NULL,
  payload TEXT NOT NULL,
  status VARCHAR NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error VARCHAR,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  delivered_at DATETIME,
  failed_at DATETIME,
  webhook_type VARCHAR NOT NULL DEFAULT 'account_webhook',
  inbox_id BIGINT,
  agent_bot_id BIGINT
);
INSERT INTO webhook_deliveries_new (id, account_id, webhook_id, job_id, uuid, event_name, payload,
  status, attempts, last_status, last_error, created_at, updated_at, delivered_at, failed_at)
  SELECT id, account_id, webhook_id, job_id, uuid, event_name, payload, status, attempts,
  last_status, last_error, created_at, updated_at, delivered_at, failed_at FROM webhook_deliveries;
DROP TABLE webhook_deliveries;
ALTER TABLE webhook_deliveries_new RENAME TO webhook_deliveries;
CREATE INDEX index_webhook_deliveries_on_webhook_id ON webhook_deliveries (account_id, webhook_id, id);
CREATE INDEX index_webhook_deliveries_on_inbox_id ON webhook_deliveries (account_id, inbox_id, id);
CREATE INDEX index_webhook_deliveries_on_agent_bot_id ON webhook_deliveries (account_id, agent_bot_id, id);
