-- Durable jobs: anything that must reach the outside world is written here in the same
-- transaction as the change that caused it (Chatwoot uses Sidekiq on Redis, which has no such
-- guarantee). A job is claimable when due, unlocked (or its lock expired: a crashed node), and
-- no earlier unfinished job shares its ordering_key.
CREATE TABLE jobs (
  id BIGSERIAL PRIMARY KEY,
  queue VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  payload JSONB,
  ordering_key VARCHAR,
  run_at TIMESTAMP(6) NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  locked_by VARCHAR,
  locked_until TIMESTAMP(6),
  last_error VARCHAR,
  last_status INTEGER,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL,
  finished_at TIMESTAMP(6),
  failed_at TIMESTAMP(6)
);
CREATE INDEX index_jobs_on_queue_and_run_at ON jobs (queue, run_at) WHERE finished_at IS NULL AND failed_at IS NULL;
CREATE INDEX index_jobs_on_ordering_key_and_id ON jobs (ordering_key, id) WHERE finished_at IS NULL AND failed_at IS NULL;

-- One account webhook delivery (a Switchboard extension: Chatwoot keeps none). `uuid` is the
-- X-Chatwoot-Delivery header, the same on every attempt; `status` is pending|delivered|failed.
CREATE TABLE webhook_deliveries (
  id BIGSERIAL PRIMARY KEY,
  account_id BIGINT NOT NULL,
  webhook_id BIGINT NOT NULL,
  job_id BIGINT,
  uuid VARCHAR NOT NULL,
  event_name VARCHAR NOT NULL,
  payload JSONB NOT NULL,
  status VARCHAR NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error VARCHAR,
  created_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(6) NOT NULL,
  delivered_at TIMESTAMP(6),
  failed_at TIMESTAMP(6)
);
CREATE INDEX index_webhook_deliveries_on_webhook_id ON webhook_deliveries (account_id, webhook_id, id);
