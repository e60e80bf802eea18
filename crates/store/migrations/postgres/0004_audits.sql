-- Audit trail (the `audited` gem's `audits` table, as Chatwoot Enterprise uses it).
CREATE TABLE audits (
  id BIGSERIAL PRIMARY KEY,
  auditable_id BIGINT,
  auditable_type VARCHAR,
  associated_id BIGINT,
  associated_type VARCHAR,
  user_id BIGINT,
  user_type VARCHAR,
  username VARCHAR,
  action VARCHAR,
  audited_changes JSONB,
  version INTEGER DEFAULT 0,
  comment VARCHAR,
  remote_address VARCHAR,
  request_uuid VARCHAR,
  created_at TIMESTAMP(6)
);
CREATE INDEX associated_index ON audits (associated_type, associated_id);
CREATE INDEX auditable_index ON audits (auditable_type, auditable_id, version);
CREATE INDEX index_audits_on_created_at ON audits (created_at);
CREATE INDEX index_audits_on_request_uuid ON audits (request_uuid);
CREATE INDEX user_index ON audits (user_id, user_type);
