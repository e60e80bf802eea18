-- Switchboard: the conversation list's counts (mine/unassigned/all per status, inbox and team;
-- upstream counts with a scan on every list request) kept exact by triggers, so the default
-- view costs a few index probes instead of a scan of every open conversation of the account.
-- team_id and assignee_id are 0 for none (a primary key cannot hold NULL).
--
-- The count of a key is its conversation_counts row plus its conversation_count_deltas rows.
-- SQLite's triggers update conversation_counts in place: its single writer makes that free of
-- contention. PostgreSQL's triggers only append deltas, so concurrent creates, status changes
-- and reassignments never wait on a shared counter row nor deadlock on two of them; a
-- background compaction (store::conversation_counts::compact) folds deltas into the counts.
-- No foreign keys: an account's delete removes its conversations in the same statement, and
-- the triggers' rows for it must not be refused.
CREATE TABLE conversation_counts (
  account_id BIGINT NOT NULL,
  status INTEGER NOT NULL,
  inbox_id BIGINT NOT NULL,
  team_id BIGINT NOT NULL,
  assignee_id BIGINT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (account_id, status, inbox_id, team_id, assignee_id)
);

CREATE TABLE conversation_count_deltas (
  id ID,
  account_id BIGINT NOT NULL,
  status INTEGER NOT NULL,
  inbox_id BIGINT NOT NULL,
  team_id BIGINT NOT NULL,
  assignee_id BIGINT NOT NULL,
  delta BIGINT NOT NULL
);
CREATE INDEX index_conversation_count_deltas_on_account_id ON conversation_count_deltas (account_id, status);

-- only: sqlite
CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations
BEGIN
  INSERT INTO conversation_counts (account_id, status, inbox_id, team_id, assignee_id, count)
  VALUES (NEW.account_id, NEW.status, NEW.inbox_id, COALESCE(NEW.team_id, 0), COALESCE(NEW.assignee_id, 0), 1)
  ON CONFLICT (account_id, status, inbox_id, team_id, assignee_id) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations
BEGIN
  UPDATE conversation_counts SET count = count - 1
  WHERE account_id = OLD.account_id AND status = OLD.status AND inbox_id = OLD.inbox_id
    AND team_id = COALESCE(OLD.team_id, 0) AND assignee_id = COALESCE(OLD.assignee_id, 0);
  DELETE FROM conversation_counts
  WHERE account_id = OLD.account_id AND status = OLD.status AND inbox_id = OLD.inbox_id
    AND team_id = COALESCE(OLD.team_id, 0) AND assignee_id = COALESCE(OLD.assignee_id, 0) AND count = 0;
END;

-- Fires for the foreign keys' ON DELETE SET NULL too (a deleted team or assignee).
CREATE TRIGGER conversation_counts_update AFTER UPDATE OF account_id, status, inbox_id, team_id, assignee_id ON conversations
WHEN OLD.account_id IS NOT NEW.account_id OR OLD.status IS NOT NEW.status OR OLD.inbox_id IS NOT NEW.inbox_id
  OR OLD.team_id IS NOT NEW.team_id OR OLD.assignee_id IS NOT NEW.assignee_id
BEGIN
  UPDATE conversation_counts SET count = count - 1
  WHERE account_id = OLD.account_id AND status = OLD.status AND inbox_id = OLD.inbox_id
    AND team_id = COALESCE(OLD.team_id, 0) AND assignee_id = COALESCE(OLD.assignee_id, 0);
  DELETE FROM conversation_counts
  WHERE account_id = OLD.account_id AND status = OLD.status AND inbox_id = OLD.inbox_id
    AND team_id = COALESCE(OLD.team_id, 0) AND assignee_id = COALESCE(OLD.assignee_id, 0) AND count = 0;
  INSERT INTO conversation_counts (account_id, status, inbox_id, team_id, assignee_id, count)
  VALUES (NEW.account_id, NEW.status, NEW.inbox_id, COALESCE(NEW.team_id, 0), COALESCE(NEW.assignee_id, 0), 1)
  ON CONFLICT (account_id, status, inbox_id, team_id, assignee_id) DO UPDATE SET count = count + 1;
END;
-- only: end

-- only: postgres
-- Inserts and deletes append one delta per key and statement (a bulk insert of a million rows
-- adds a handful), read from the statement's transition table.
CREATE FUNCTION conversation_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO conversation_count_deltas (account_id, status, inbox_id, team_id, assignee_id, delta)
  SELECT account_id, status, inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0), COUNT(*)
  FROM inserted GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations
REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION conversation_counts_insert();

CREATE FUNCTION conversation_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO conversation_count_deltas (account_id, status, inbox_id, team_id, assignee_id, delta)
  SELECT account_id, status, inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0), -COUNT(*)
  FROM deleted GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations
REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION conversation_counts_delete();

-- Per row, so the WHEN clause keeps the function out of the many updates that change none of
-- the counted columns (last activity, seen times); transition tables allow no column list.
-- Fires for the foreign keys' ON DELETE SET NULL too (a deleted team or assignee).
CREATE FUNCTION conversation_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO conversation_count_deltas (account_id, status, inbox_id, team_id, assignee_id, delta) VALUES
    (OLD.account_id, OLD.status, OLD.inbox_id, COALESCE(OLD.team_id, 0), COALESCE(OLD.assignee_id, 0), -1),
    (NEW.account_id, NEW.status, NEW.inbox_id, COALESCE(NEW.team_id, 0), COALESCE(NEW.assignee_id, 0), 1);
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_counts_update AFTER UPDATE OF account_id, status, inbox_id, team_id, assignee_id ON conversations
FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.status IS DISTINCT FROM NEW.status
  OR OLD.inbox_id IS DISTINCT FROM NEW.inbox_id OR OLD.team_id IS DISTINCT FROM NEW.team_id
  OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id)
EXECUTE FUNCTION conversation_counts_update();
-- only: end

-- Existing conversations, counted after the triggers exist: on PostgreSQL creating a trigger
-- locks out writes to conversations until this migration commits, so none is missed or
-- counted twice.
INSERT INTO conversation_counts (account_id, status, inbox_id, team_id, assignee_id, count)
SELECT account_id, status, inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0), COUNT(*)
FROM conversations
GROUP BY account_id, status, inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0);
