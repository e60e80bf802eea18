-- Account integrations (Chatwoot db/schema.rb): outgoing webhooks, integration hooks (apps.yml
-- apps such as Dialogflow or OpenAI) and dashboard apps. Turned into migrations by generate.py.
-- Chatwoot keeps webhooks.account_id/inbox_id and integrations_hooks.* ids as 32-bit integers;
-- Switchboard uses BIGINT for every id so foreign keys match the referenced primary keys.

CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  inbox_id BIGINT REFERENCES inboxes (id) ON DELETE CASCADE,
  url VARCHAR,
  webhook_type INTEGER DEFAULT 0,
  subscriptions TEXT DEFAULT '["conversation_status_changed","conversation_updated","conversation_created","contact_created","contact_updated","message_created","message_updated","webwidget_triggered"]',
  name VARCHAR,
  -- Switchboard: the key that signs deliveries to url (X-Chatwoot-Signature).
  secret VARCHAR,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX index_webhooks_on_account_id_and_url ON webhooks (account_id, url);
CREATE INDEX index_webhooks_on_inbox_id ON webhooks (inbox_id);

CREATE TABLE integrations_hooks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  status INTEGER DEFAULT 1,
  inbox_id BIGINT REFERENCES inboxes (id) ON DELETE CASCADE,
  account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
  app_id VARCHAR,
  hook_type INTEGER DEFAULT 0,
  reference_id VARCHAR,
  access_token VARCHAR,
  settings TEXT DEFAULT '{}',
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL
);
-- Switchboard: Chatwoot has no index here; every read is by account (and app).
CREATE INDEX index_integrations_hooks_on_account_id_and_app_id ON integrations_hooks (account_id, app_id);
CREATE INDEX index_integrations_hooks_on_inbox_id ON integrations_hooks (inbox_id);

CREATE TABLE dashboard_apps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title VARCHAR NOT NULL,
  content TEXT DEFAULT '[]',
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- User has_many :dashboard_apps, dependent: :nullify.
  user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL
);
CREATE INDEX index_dashboard_apps_on_account_id ON dashboard_apps (account_id);
CREATE INDEX index_dashboard_apps_on_user_id ON dashboard_apps (user_id);
