-- Switchboard: the conversation list of one inbox (an inbox filter, or each inbox of an agent's
-- list; see store::conversation_page) in last-activity order straight from an index. It
-- replaces upstream's conv_acid_inbid_stat_asgnid_idx, whose prefix it keeps: that index served
-- the per-assignee counts, which the counters of 0009 now answer.
DROP INDEX conv_acid_inbid_stat_asgnid_idx;
CREATE INDEX index_conversations_on_inbox_status_and_activity ON conversations (account_id, inbox_id, status, last_activity_at, id);
