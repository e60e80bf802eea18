-- Foundation tables (Chatwoot db/schema.rb names). Written once in a portable form and turned
-- into migrations/{sqlite,postgres}/0001_foundation.sql by schema/generate.py:
--   ID  -> INTEGER PRIMARY KEY AUTOINCREMENT | BIGSERIAL PRIMARY KEY
--   TS  -> DATETIME | TIMESTAMP(6)
--   JSON -> TEXT | JSONB
-- Every timestamp is written by the application (UTC, microseconds), so none has a default.

CREATE TABLE accounts (
  id BIGSERIAL PRIMARY KEY,
  name VARCHAR NOT NULL,
  locale INTEGER DEFAULT 0,
  domain VARCHAR(100),
  support_email VARCHAR(100),
  feature_flags BIGINT NOT NULL DEFAULT 0,
  auto_resolve_duration INTEGER,
  limits JSONB DEFAULT '{}',
  custom_attributes JSONB DEFAULT '{}',
  status INTEGER DEFAULT 0,
  internal_attributes JSONB NOT NULL DEFAULT '{}',
  settings JSONB DEFAULT '{}',
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX index_accounts_on_status ON accounts (status);

CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  provider VARCHAR NOT NULL DEFAULT 'email',
  uid VARCHAR NOT NULL DEFAULT '',
  encrypted_password VARCHAR NOT NULL DEFAULT '',
  reset_password_token VARCHAR,
  reset_password_sent_at TIMESTAMP(6),
  remember_created_at TIMESTAMP(6),
  sign_in_count INTEGER NOT NULL DEFAULT 0,
  current_sign_in_at TIMESTAMP(6),
  last_sign_in_at TIMESTAMP(6),
  current_sign_in_ip VARCHAR,
  last_sign_in_ip VARCHAR,
  confirmation_token VARCHAR,
  confirmed_at TIMESTAMP(6),
  confirmation_sent_at TIMESTAMP(6),
  unconfirmed_email VARCHAR,
  name VARCHAR NOT NULL,
  display_name VARCHAR,
  email VARCHAR,
  tokens JSONB,
  pubsub_token VARCHAR,
  availability INTEGER DEFAULT 0,
  ui_settings JSONB DEFAULT '{}',
  custom_attributes JSONB DEFAULT '{}',
  type VARCHAR,
  message_signature TEXT,
  otp_secret VARCHAR,
  consumed_timestep INTEGER,
  otp_required_for_login BOOLEAN DEFAULT FALSE,
  otp_backup_codes TEXT,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX index_users_on_email ON users (email);
CREATE UNIQUE INDEX index_users_on_uid_and_provider ON users (uid, provider);
CREATE UNIQUE INDEX index_users_on_pubsub_token ON users (pubsub_token);
CREATE UNIQUE INDEX index_users_on_reset_password_token ON users (reset_password_token);

CREATE TABLE account_users (
  id BIGSERIAL PRIMARY KEY,
  account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
  role INTEGER DEFAULT 0,
  inviter_id BIGINT,
  active_at TIMESTAMP(6),
  availability INTEGER NOT NULL DEFAULT 0,
  auto_offline BOOLEAN NOT NULL DEFAULT TRUE,
  custom_role_id BIGINT,
  agent_capacity_policy_id BIGINT,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX uniq_user_id_per_account_id ON account_users (account_id, user_id);
CREATE INDEX index_account_users_on_user_id ON account_users (user_id);

CREATE TABLE access_tokens (
  id BIGSERIAL PRIMARY KEY,
  owner_type VARCHAR,
  owner_id BIGINT,
  token VARCHAR,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_access_tokens_on_token ON access_tokens (token);
CREATE INDEX index_access_tokens_on_owner_type_and_owner_id ON access_tokens (owner_type, owner_id);

CREATE TABLE platform_apps (
  id BIGSERIAL PRIMARY KEY,
  name VARCHAR NOT NULL,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);

CREATE TABLE platform_app_permissibles (
  id BIGSERIAL PRIMARY KEY,
  platform_app_id BIGINT NOT NULL REFERENCES platform_apps (id) ON DELETE CASCADE,
  permissible_type VARCHAR NOT NULL,
  permissible_id BIGINT NOT NULL,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX unique_permissibles_index ON platform_app_permissibles (platform_app_id, permissible_id, permissible_type);
CREATE INDEX index_platform_app_permissibles_on_permissibles ON platform_app_permissibles (permissible_type, permissible_id);

CREATE TABLE channel_web_widgets (
  id BIGSERIAL PRIMARY KEY,
  account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
  website_url VARCHAR,
  website_token VARCHAR,
  widget_color VARCHAR DEFAULT '#1f93ff',
  welcome_title VARCHAR,
  welcome_tagline VARCHAR,
  feature_flags INTEGER NOT NULL DEFAULT 7,
  reply_time INTEGER DEFAULT 0,
  hmac_token VARCHAR,
  pre_chat_form_enabled BOOLEAN DEFAULT FALSE,
  pre_chat_form_options JSONB DEFAULT '{}',
  hmac_mandatory BOOLEAN DEFAULT FALSE,
  continuity_via_email BOOLEAN NOT NULL DEFAULT TRUE,
  allowed_domains TEXT DEFAULT '',
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_channel_web_widgets_on_website_token ON channel_web_widgets (website_token);
CREATE UNIQUE INDEX index_channel_web_widgets_on_hmac_token ON channel_web_widgets (hmac_token);

CREATE TABLE channel_api (
  id BIGSERIAL PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  webhook_url VARCHAR,
  identifier VARCHAR,
  hmac_token VARCHAR,
  hmac_mandatory BOOLEAN DEFAULT FALSE,
  additional_attributes JSONB DEFAULT '{}',
  -- Switchboard: the key that signs deliveries to webhook_url (X-Chatwoot-Signature).
  secret VARCHAR,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_channel_api_on_identifier ON channel_api (identifier);
CREATE UNIQUE INDEX index_channel_api_on_hmac_token ON channel_api (hmac_token);

CREATE TABLE portals (
  id BIGSERIAL PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name VARCHAR NOT NULL,
  slug VARCHAR NOT NULL,
  custom_domain VARCHAR,
  color VARCHAR,
  homepage_link VARCHAR,
  page_title VARCHAR,
  header_text TEXT,
  config JSONB DEFAULT '{"allowed_locales":["en"]}',
  archived BOOLEAN DEFAULT FALSE,
  channel_web_widget_id BIGINT,
  ssl_settings JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_portals_on_slug ON portals (slug);
CREATE UNIQUE INDEX index_portals_on_custom_domain ON portals (custom_domain);
CREATE INDEX index_portals_on_account_id ON portals (account_id);
CREATE INDEX index_portals_on_channel_web_widget_id ON portals (channel_web_widget_id);

CREATE TABLE inboxes (
  id BIGSERIAL PRIMARY KEY,
  channel_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name VARCHAR NOT NULL,
  channel_type VARCHAR,
  enable_auto_assignment BOOLEAN DEFAULT TRUE,
  greeting_enabled BOOLEAN DEFAULT FALSE,
  greeting_message VARCHAR,
  email_address VARCHAR,
  working_hours_enabled BOOLEAN DEFAULT FALSE,
  out_of_office_message VARCHAR,
  timezone VARCHAR DEFAULT 'UTC',
  enable_email_collect BOOLEAN DEFAULT TRUE,
  csat_survey_enabled BOOLEAN DEFAULT FALSE,
  allow_messages_after_resolved BOOLEAN DEFAULT TRUE,
  auto_assignment_config JSONB DEFAULT '{}',
  lock_to_single_conversation BOOLEAN NOT NULL DEFAULT FALSE,
  portal_id BIGINT REFERENCES portals (id) ON DELETE SET NULL,
  sender_name_type INTEGER NOT NULL DEFAULT 0,
  business_name VARCHAR,
  csat_config JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX index_inboxes_on_account_id ON inboxes (account_id);
CREATE INDEX index_inboxes_on_channel_id_and_channel_type ON inboxes (channel_id, channel_type);
CREATE INDEX index_inboxes_on_portal_id ON inboxes (portal_id);

CREATE TABLE inbox_members (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  inbox_id BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_inbox_members_on_inbox_id_and_user_id ON inbox_members (inbox_id, user_id);
CREATE INDEX index_inbox_members_on_user_id ON inbox_members (user_id);

CREATE TABLE working_hours (
  id BIGSERIAL PRIMARY KEY,
  inbox_id BIGINT REFERENCES inboxes (id) ON DELETE CASCADE,
  account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
  day_of_week INTEGER NOT NULL,
  closed_all_day BOOLEAN DEFAULT FALSE,
  open_hour INTEGER,
  open_minutes INTEGER,
  close_hour INTEGER,
  close_minutes INTEGER,
  open_all_day BOOLEAN DEFAULT FALSE,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX index_working_hours_on_inbox_id ON working_hours (inbox_id);

CREATE TABLE agent_bots (
  id BIGSERIAL PRIMARY KEY,
  name VARCHAR,
  description VARCHAR,
  outgoing_url VARCHAR,
  account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
  bot_type INTEGER DEFAULT 0,
  bot_config JSONB DEFAULT '{}',
  -- Switchboard: the key that signs deliveries to outgoing_url (X-Chatwoot-Signature).
  secret VARCHAR,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX index_agent_bots_on_account_id ON agent_bots (account_id);

CREATE TABLE agent_bot_inboxes (
  id BIGSERIAL PRIMARY KEY,
  inbox_id BIGINT REFERENCES inboxes (id) ON DELETE CASCADE,
  agent_bot_id BIGINT REFERENCES agent_bots (id) ON DELETE CASCADE,
  status INTEGER DEFAULT 0,
  account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_agent_bot_inboxes_on_inbox_id ON agent_bot_inboxes (inbox_id);

CREATE TABLE categories (
  id BIGSERIAL PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  portal_id BIGINT NOT NULL REFERENCES portals (id) ON DELETE CASCADE,
  name VARCHAR,
  description TEXT,
  position INTEGER,
  locale VARCHAR DEFAULT 'en',
  slug VARCHAR NOT NULL,
  parent_category_id BIGINT,
  associated_category_id BIGINT,
  icon VARCHAR DEFAULT '',
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_categories_on_slug_and_locale_and_portal_id ON categories (slug, locale, portal_id);
CREATE INDEX index_categories_on_portal_id ON categories (portal_id);
CREATE INDEX index_categories_on_parent_category_id ON categories (parent_category_id);
CREATE INDEX index_categories_on_associated_category_id ON categories (associated_category_id);
CREATE INDEX index_categories_on_locale_and_account_id ON categories (locale, account_id);

CREATE TABLE articles (
  id BIGSERIAL PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  portal_id BIGINT NOT NULL REFERENCES portals (id) ON DELETE CASCADE,
  category_id BIGINT REFERENCES categories (id) ON DELETE SET NULL,
  folder_id BIGINT,
  title VARCHAR,
  description TEXT,
  content TEXT,
  status INTEGER,
  views INTEGER,
  author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  associated_article_id BIGINT,
  meta JSONB DEFAULT '{}',
  slug VARCHAR NOT NULL,
  position INTEGER,
  locale VARCHAR NOT NULL DEFAULT 'en',
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_articles_on_slug ON articles (slug);
CREATE INDEX index_articles_on_portal_id ON articles (portal_id);
CREATE INDEX index_articles_on_category_id ON articles (category_id);
CREATE INDEX index_articles_on_account_id ON articles (account_id);
CREATE INDEX index_articles_on_associated_article_id ON articles (associated_article_id);
CREATE INDEX index_articles_on_author_id ON articles (author_id);
CREATE INDEX index_articles_on_status ON articles (status);

-- Switchboard: one-time SSO sign-in links (upstream keeps them in Redis, SsoAuthenticatable).
-- Only the SHA-256 of a token is stored.
CREATE TABLE user_sso_tokens (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_digest VARCHAR NOT NULL,
  expires_at TIMESTAMP(6) NOT NULL,
  created_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_user_sso_tokens_on_token_digest ON user_sso_tokens (token_digest);

-- Category#related_categories (has_many through RelatedCategory). Upstream has no foreign keys here;
-- Switchboard cascades both ends so a deleted category leaves no dangling pair.
CREATE TABLE related_categories (
  id BIGSERIAL PRIMARY KEY,
  category_id BIGINT REFERENCES categories (id) ON DELETE CASCADE,
  related_category_id BIGINT REFERENCES categories (id) ON DELETE CASCADE,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_related_categories_on_category_id_and_related_category_id ON related_categories (category_id, related_category_id);
CREATE UNIQUE INDEX index_related_categories_on_related_category_id_and_category_id ON related_categories (related_category_id, category_id);
