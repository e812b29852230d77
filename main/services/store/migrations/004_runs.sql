-- The run history: every regime fit, backtest, sweep and walk-forward study, with the full spec,
-- the hashes that make it reproducible (config and data), its headline summary and full result,
-- and its bulk series (probabilities, equity, …) as typed-array blobs.
CREATE TABLE runs (
  id            TEXT    PRIMARY KEY,
  kind          TEXT    NOT NULL CHECK (kind IN ('regime-fit', 'backtest', 'sweep', 'walk-forward')),
  title         TEXT    NOT NULL,
  instrument_id INTEGER REFERENCES instruments(id) ON DELETE SET NULL,
  timeframe     TEXT,
  from_time     INTEGER,
  to_time       INTEGER,
  spec_json     TEXT    NOT NULL,
  config_hash   TEXT    NOT NULL,
  data_hash     TEXT    NOT NULL,
  summary_json  TEXT    NOT NULL,
  result_json   TEXT    NOT NULL,
  -- 1 when the run used smoothed (hindsight) probabilities: never a tradable result.
  hindsight     INTEGER NOT NULL DEFAULT 0 CHECK (hindsight IN (0, 1)),
  app_version   TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  duration_ms   INTEGER NOT NULL,
  notes         TEXT    NOT NULL DEFAULT '',
  tags_json     TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX runs_by_instrument ON runs (instrument_id, kind, created_at);
CREATE INDEX runs_by_hashes ON runs (config_hash, data_hash);

CREATE TABLE run_series (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name   TEXT NOT NULL,
  dtype  TEXT NOT NULL CHECK (dtype IN ('f64', 'f32', 'i32', 'i8', 'u8')),
  data   BLOB NOT NULL,
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
