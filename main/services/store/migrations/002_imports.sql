-- One row per imported file and target series: what was read, what the policy decided (the full
-- import report as JSON) and how the store changed. The same file (by SHA-256) imported again into
-- the same series is a no-op.
CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  instrument_id INTEGER NOT NULL REFERENCES instruments(id) ON DELETE CASCADE,
  timeframe     TEXT    NOT NULL,
  file_name     TEXT    NOT NULL,
  size_bytes    INTEGER NOT NULL,
  sha256        TEXT    NOT NULL,
  imported_at   INTEGER NOT NULL,
  bars          INTEGER NOT NULL,
  added         INTEGER NOT NULL,
  replaced      INTEGER NOT NULL,
  identical     INTEGER NOT NULL,
  first_time    INTEGER,
  last_time     INTEGER,
  report_json   TEXT    NOT NULL,
  UNIQUE (instrument_id, timeframe, sha256)
);
CREATE INDEX imports_by_instrument ON imports (instrument_id, imported_at);
