-- Registered ONNX models (issue 8): one row per model id, with its validated manifest as JSON, the
-- folder holding its files (the app's models directory for imports, resources/models for shipped
-- ones) and the SHA-256 of its main graph. Re-registering the same id replaces the row.
CREATE TABLE models (
  id             TEXT    PRIMARY KEY,
  task           TEXT    NOT NULL CHECK (task IN ('volatility-forecast', 'regime-classifier')),
  name           TEXT    NOT NULL,
  source         TEXT    NOT NULL CHECK (source IN ('shipped', 'imported')),
  dir            TEXT    NOT NULL,
  graph_sha256   TEXT    NOT NULL,
  manifest_json  TEXT    NOT NULL,
  registered_at  INTEGER NOT NULL
);
