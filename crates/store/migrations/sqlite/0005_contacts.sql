-- Contacts and what hangs off them (Chatwoot db/schema.rb names): contacts, contact_inboxes,
-- notes, and acts_as_taggable_on's tags/taggings, which hold the labels of contacts (and of
-- conversations, later). Upstream's GIN trigram index on name/email/phone/identifier needs the
-- PostgreSQL-only pg_trgm extension and has no portable form; search scans one account's rows.

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name VARCHAR DEFAULT '',
  email VARCHAR,
  phone_number VARCHAR,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  additional_attributes TEXT DEFAULT '{}',
  identifier VARCHAR,
  custom_attributes TEXT DEFAULT '{}',
  last_activity_at DATETIME,
  contact_type INTEGER DEFAULT 0,
  middle_name VARCHAR DEFAULT '',
  last_name VARCHAR DEFAULT '',
  location VARCHAR DEFAULT '',
  country_code VARCHAR DEFAULT '',
  blocked BOOLEAN NOT NULL DEFAULT FALSE,
  company_id BIGINT
);
CREATE INDEX index_contacts_on_account_id ON contacts (account_id);
CREATE INDEX index_contacts_on_account_id_and_contact_type ON contacts (account_id, contact_type);
CREATE INDEX index_contacts_on_blocked ON contacts (blocked);
CREATE INDEX index_contacts_on_company_id ON contacts (company_id);
CREATE INDEX index_contacts_on_lower_email_account_id ON contacts (LOWER(email), account_id);
CREATE INDEX index_contacts_on_phone_number_and_account_id ON contacts (phone_number, account_id);
CREATE UNIQUE INDEX uniq_email_per_account_contact ON contacts (email, account_id);
CREATE UNIQUE INDEX uniq_identifier_per_account_contact ON contacts (identifier, account_id);
-- "Resolved" contacts (the ones lists show): the predicate is written exactly as the queries in
-- store/src/contacts.rs write it, so both databases use these partial indexes for lists and counts.
CREATE INDEX index_resolved_contact_account_id ON contacts (account_id) WHERE (email <> '' OR phone_number <> '' OR identifier <> '');
CREATE INDEX index_contacts_on_nonempty_fields ON contacts (account_id, email, phone_number, identifier) WHERE (email <> '' OR phone_number <> '' OR identifier <> '');
-- Sort orders of the contacts list. Upstream declares last_activity_at `DESC NULLS LAST`, which
-- SQLite cannot. The plain index serves `sort=last_activity_at` (ascending, nulls last); the
-- COALESCE one serves `sort=-last_activity_at`, which store/src/contacts.rs writes as
-- `COALESCE(last_activity_at, '1970-01-01 00:00:00') DESC` (nulls last, on both databases).
CREATE INDEX index_contacts_on_account_id_and_last_activity_at ON contacts (account_id, last_activity_at);
CREATE INDEX index_contacts_on_account_id_and_recent_activity ON contacts (account_id, COALESCE(last_activity_at, '1970-01-01 00:00:00'));
-- Switchboard: `sort=created_at` and `sort=name` (LOWER(name)) without a full sort.
CREATE INDEX index_contacts_on_account_id_and_created_at ON contacts (account_id, created_at);
CREATE INDEX index_contacts_on_account_id_and_lower_name ON contacts (account_id, LOWER(name));

CREATE TABLE contact_inboxes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  contact_id BIGINT REFERENCES contacts (id) ON DELETE CASCADE,
  inbox_id BIGINT REFERENCES inboxes (id) ON DELETE CASCADE,
  source_id TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  hmac_verified BOOLEAN DEFAULT FALSE,
  pubsub_token VARCHAR
);
CREATE INDEX index_contact_inboxes_on_contact_id ON contact_inboxes (contact_id);
CREATE UNIQUE INDEX index_contact_inboxes_on_inbox_id_and_source_id ON contact_inboxes (inbox_id, source_id);
CREATE INDEX index_contact_inboxes_on_inbox_id ON contact_inboxes (inbox_id);
CREATE UNIQUE INDEX index_contact_inboxes_on_pubsub_token ON contact_inboxes (pubsub_token);
CREATE INDEX index_contact_inboxes_on_source_id ON contact_inboxes (source_id);

CREATE TABLE notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  content TEXT NOT NULL,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL
);
CREATE INDEX index_notes_on_account_id ON notes (account_id);
CREATE INDEX index_notes_on_contact_id ON notes (contact_id);
CREATE INDEX index_notes_on_user_id ON notes (user_id);

-- acts_as_taggable_on: tags are global (shared by every account), taggings are polymorphic.
CREATE TABLE tags (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name VARCHAR,
  taggings_count INTEGER DEFAULT 0
);
CREATE UNIQUE INDEX index_tags_on_name ON tags (name);
-- Switchboard: tag lookups ignore case (acts_as_taggable_on's `named_any`); stands in for
-- upstream's trigram index on LOWER(name).
CREATE INDEX index_tags_on_lower_name ON tags (LOWER(name));

CREATE TABLE taggings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tag_id BIGINT REFERENCES tags (id) ON DELETE CASCADE,
  taggable_type VARCHAR,
  taggable_id BIGINT,
  tagger_type VARCHAR,
  tagger_id BIGINT,
  context VARCHAR(128),
  created_at DATETIME
);
CREATE INDEX index_taggings_on_context ON taggings (context);
CREATE UNIQUE INDEX taggings_idx ON taggings (tag_id, taggable_id, taggable_type, context, tagger_id, tagger_type);
CREATE INDEX index_taggings_on_tag_id ON taggings (tag_id);
CREATE INDEX index_taggings_on_taggable_id_and_taggable_type_and_context ON taggings (taggable_id, taggable_type, context);
CREATE INDEX taggings_idy ON taggings (taggable_id, taggable_type, tagger_id, context);
CREATE INDEX index_taggings_on_taggable_id ON taggings (taggable_id);
CREATE INDEX index_taggings_on_taggable_type ON taggings (taggable_type);
CREATE INDEX index_taggings_on_tagger_id_and_tagger_type ON taggings (tagger_id, tagger_type);
CREATE INDEX index_taggings_on_tagger_id ON taggings (tagger_id);
