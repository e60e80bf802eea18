-- Conversations and messages (Chatwoot db/schema.rb names), with what hangs off them:
-- attachments, participants, mentions, reporting events. Indexes are chosen for the hot paths:
-- the conversation list and its counts per status/assignee/inbox, and message pages by id.

-- Switchboard: per-account counters (upstream uses one PostgreSQL sequence per account,
-- `conv_dpid_seq_<id>`, created by a trigger). Incremented with an upsert in the creating
-- transaction, so display ids are gap-free per account and never reused.
CREATE TABLE account_counters (
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name VARCHAR NOT NULL,
  value BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, name)
);

CREATE TABLE conversations (
  id BIGSERIAL PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  inbox_id BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
  status INTEGER NOT NULL DEFAULT 0,
  assignee_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  contact_id BIGINT REFERENCES contacts (id) ON DELETE CASCADE,
  display_id BIGINT NOT NULL,
  contact_last_seen_at TIMESTAMP(6),
  agent_last_seen_at TIMESTAMP(6),
  additional_attributes JSONB DEFAULT '{}',
  contact_inbox_id BIGINT REFERENCES contact_inboxes (id) ON DELETE SET NULL,
  uuid VARCHAR NOT NULL,
  identifier VARCHAR,
  last_activity_at TIMESTAMP(6) NOT NULL,
  team_id BIGINT REFERENCES teams (id) ON DELETE SET NULL,
  campaign_id BIGINT,
  snoozed_until TIMESTAMP(6),
  custom_attributes JSONB DEFAULT '{}',
  assignee_last_seen_at TIMESTAMP(6),
  first_reply_created_at TIMESTAMP(6),
  priority INTEGER,
  sla_policy_id BIGINT,
  waiting_since TIMESTAMP(6),
  cached_label_list TEXT,
  assignee_agent_bot_id BIGINT REFERENCES agent_bots (id) ON DELETE SET NULL,
  -- Switchboard: upstream keeps the mute flag in Redis (`CONVERSATION_MUTE_KEY`).
  muted_until TIMESTAMP(6),
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_conversations_on_account_id_and_display_id ON conversations (account_id, display_id);
CREATE UNIQUE INDEX index_conversations_on_uuid ON conversations (uuid);
CREATE INDEX conv_acid_inbid_stat_asgnid_idx ON conversations (account_id, inbox_id, status, assignee_id);
CREATE INDEX index_conversations_on_status_and_account_id ON conversations (account_id, status, last_activity_at, id);
CREATE INDEX index_conversations_on_assignee_id_and_account_id ON conversations (account_id, assignee_id, status, last_activity_at);
CREATE INDEX index_conversations_on_contact_id ON conversations (contact_id);
CREATE INDEX index_conversations_on_contact_inbox_id ON conversations (contact_inbox_id);
CREATE INDEX index_conversations_on_team_id ON conversations (team_id);
CREATE INDEX index_conversations_on_inbox_id ON conversations (inbox_id);

CREATE TABLE messages (
  id BIGSERIAL PRIMARY KEY,
  content TEXT,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  inbox_id BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
  conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  message_type INTEGER NOT NULL,
  private BOOLEAN NOT NULL DEFAULT FALSE,
  status INTEGER DEFAULT 0,
  source_id TEXT,
  content_type INTEGER NOT NULL DEFAULT 0,
  content_attributes JSONB DEFAULT '{}',
  sender_type VARCHAR,
  sender_id BIGINT,
  external_source_ids JSONB DEFAULT '{}',
  additional_attributes JSONB DEFAULT '{}',
  processed_message_content TEXT,
  sentiment JSONB DEFAULT '{}',
  -- Switchboard: the client's `echo_id`, kept so a retried create returns the first message.
  echo_id VARCHAR,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX index_messages_on_conversation_id_and_id ON messages (conversation_id, id);
CREATE INDEX index_messages_on_account_id_and_inbox_id ON messages (account_id, inbox_id);
CREATE INDEX index_messages_on_sender_type_and_sender_id ON messages (sender_type, sender_id);
CREATE INDEX index_messages_on_conversation_account_type_created ON messages (conversation_id, account_id, message_type, created_at);
CREATE UNIQUE INDEX index_messages_on_conversation_id_and_echo_id ON messages (conversation_id, echo_id) WHERE echo_id IS NOT NULL;
CREATE UNIQUE INDEX index_messages_on_inbox_id_and_source_id ON messages (inbox_id, source_id) WHERE source_id IS NOT NULL;

CREATE TABLE attachments (
  id BIGSERIAL PRIMARY KEY,
  file_type INTEGER DEFAULT 0,
  external_url VARCHAR,
  coordinates_lat FLOAT DEFAULT 0.0,
  coordinates_long FLOAT DEFAULT 0.0,
  message_id BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  fallback_title VARCHAR,
  extension VARCHAR,
  meta JSONB DEFAULT '{}',
  -- Switchboard: the stored file (upstream's ActiveStorage blob), under the data folder.
  file_key VARCHAR,
  file_name VARCHAR,
  file_content_type VARCHAR,
  file_byte_size BIGINT,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX index_attachments_on_message_id ON attachments (message_id);
CREATE INDEX index_attachments_on_account_id ON attachments (account_id);

CREATE TABLE conversation_participants (
  id BIGSERIAL PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_conversation_participants_on_user_id_and_conversation_id ON conversation_participants (user_id, conversation_id);
CREATE INDEX index_conversation_participants_on_conversation_id ON conversation_participants (conversation_id);

CREATE TABLE mentions (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  mentioned_at TIMESTAMP(6) NOT NULL,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE UNIQUE INDEX index_mentions_on_user_id_and_conversation_id ON mentions (user_id, conversation_id);
CREATE INDEX index_mentions_on_conversation_id ON mentions (conversation_id);

CREATE TABLE reporting_events (
  id BIGSERIAL PRIMARY KEY,
  name VARCHAR,
  value FLOAT,
  account_id BIGINT,
  inbox_id BIGINT,
  user_id BIGINT,
  conversation_id BIGINT,
  value_in_business_hours FLOAT,
  event_start_time TIMESTAMP(6),
  event_end_time TIMESTAMP(6),
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX index_reporting_events_on_account_id ON reporting_events (account_id);
CREATE INDEX index_reporting_events_on_conversation_id ON reporting_events (conversation_id);
CREATE INDEX index_reporting_events_on_created_at ON reporting_events (created_at);
CREATE INDEX index_reporting_events_on_name ON reporting_events (name);
