-- Realtime frames too large for a PostgreSQL NOTIFY payload (8000 bytes): the sending node
-- writes the frame here and notifies its id; the other nodes read it by id. Rows live for
-- minutes (every node deletes old ones). Unused on SQLite, where one node serves every client.
CREATE TABLE cable_broadcasts (
  id BIGSERIAL PRIMARY KEY,
  payload TEXT NOT NULL,
  created_at TIMESTAMP(6) NOT NULL
);
CREATE INDEX index_cable_broadcasts_on_created_at ON cable_broadcasts (created_at);
