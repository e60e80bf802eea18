-- Organization tables (Chatwoot db/schema.rb names): teams and their members, labels, canned
-- responses, custom attribute definitions and custom filters. Portable form; see 0001 for the
-- type words. Timestamps are written by the application.

CREATE TABLE teams (
  id ID,
  name VARCHAR NOT NULL,
  description TEXT,
  allow_auto_assign BOOLEAN DEFAULT TRUE,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at TS NOT NULL,
  updated_at TS NOT NULL
);
CREATE INDEX index_teams_on_account_id ON teams (account_id);
CREATE UNIQUE INDEX index_teams_on_name_and_account_id ON teams (name, account_id);

CREATE TABLE team_members (
  id ID,
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TS NOT NULL,
  updated_at TS NOT NULL
);
CREATE UNIQUE INDEX index_team_members_on_team_id_and_user_id ON team_members (team_id, user_id);
CREATE INDEX index_team_members_on_team_id ON team_members (team_id);
CREATE INDEX index_team_members_on_user_id ON team_members (user_id);

CREATE TABLE labels (
  id ID,
  title VARCHAR,
  description TEXT,
  color VARCHAR NOT NULL DEFAULT '#1f93ff',
  show_on_sidebar BOOLEAN,
  account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
  created_at TS NOT NULL,
  updated_at TS NOT NULL
);
CREATE INDEX index_labels_on_account_id ON labels (account_id);
CREATE UNIQUE INDEX index_labels_on_title_and_account_id ON labels (title, account_id);

CREATE TABLE canned_responses (
  id ID,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  short_code VARCHAR,
  content TEXT,
  created_at TS NOT NULL,
  updated_at TS NOT NULL
);

CREATE TABLE custom_attribute_definitions (
  id ID,
  attribute_display_name VARCHAR,
  attribute_key VARCHAR,
  attribute_display_type INTEGER DEFAULT 0,
  default_value INTEGER,
  attribute_model INTEGER DEFAULT 0,
  account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
  created_at TS NOT NULL,
  updated_at TS NOT NULL,
  attribute_description TEXT,
  attribute_values JSON DEFAULT '[]',
  regex_pattern VARCHAR,
  regex_cue VARCHAR
);
CREATE INDEX index_custom_attribute_definitions_on_account_id ON custom_attribute_definitions (account_id);
CREATE UNIQUE INDEX attribute_key_model_index ON custom_attribute_definitions (attribute_key, attribute_model, account_id);

CREATE TABLE custom_filters (
  id ID,
  name VARCHAR NOT NULL,
  filter_type INTEGER NOT NULL DEFAULT 0,
  query JSON NOT NULL DEFAULT '{}',
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TS NOT NULL,
  updated_at TS NOT NULL
);
CREATE INDEX index_custom_filters_on_account_id ON custom_filters (account_id);
CREATE INDEX index_custom_filters_on_user_id ON custom_filters (user_id);
