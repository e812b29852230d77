-- Instruments and their candles. Candles are stored in columnar chunks: one row per instrument,
-- timeframe and period (UTC month below 1d, UTC year for 1d/1w), one little-endian Float64 blob per
-- column, so a year of 1-minute bars loads as a dozen blob reads instead of 525,600 row fetches.
CREATE TABLE instruments (
  id          INTEGER PRIMARY KEY,
  symbol      TEXT    NOT NULL,
  exchange    TEXT    NOT NULL,
  market      TEXT    NOT NULL CHECK (market IN ('spot', 'usd-m', 'coin-m', 'simulated')),
  simulated   INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
  description TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  UNIQUE (exchange, market, symbol)
);

CREATE TABLE candle_series (
  instrument_id INTEGER NOT NULL REFERENCES instruments(id) ON DELETE CASCADE,
  timeframe     TEXT    NOT NULL,
  -- NULL for imported (base) data; the base timeframe for materialized resamples.
  derived_from  TEXT,
  PRIMARY KEY (instrument_id, timeframe)
) WITHOUT ROWID;

CREATE TABLE candle_chunks (
  instrument_id   INTEGER NOT NULL,
  timeframe       TEXT    NOT NULL,
  period_start    INTEGER NOT NULL,
  first_time      INTEGER NOT NULL,
  last_time       INTEGER NOT NULL,
  bar_count       INTEGER NOT NULL CHECK (bar_count > 0),
  time            BLOB    NOT NULL,
  open            BLOB    NOT NULL,
  high            BLOB    NOT NULL,
  low             BLOB    NOT NULL,
  close           BLOB    NOT NULL,
  volume          BLOB    NOT NULL,
  quote_volume    BLOB    NOT NULL,
  trades          BLOB    NOT NULL,
  taker_buy_base  BLOB    NOT NULL,
  taker_buy_quote BLOB    NOT NULL,
  flags           BLOB    NOT NULL,
  PRIMARY KEY (instrument_id, timeframe, period_start),
  FOREIGN KEY (instrument_id, timeframe) REFERENCES candle_series(instrument_id, timeframe) ON DELETE CASCADE
) WITHOUT ROWID;

-- Ground truth of simulated instruments: the regime path the simulator drew, per bar of its base timeframe.
CREATE TABLE simulation_truth (
  instrument_id INTEGER PRIMARY KEY REFERENCES instruments(id) ON DELETE CASCADE,
  timeframe     TEXT    NOT NULL,
  time          BLOB    NOT NULL,
  states        BLOB    NOT NULL,
  model_json    TEXT    NOT NULL,
  spec_json     TEXT    NOT NULL
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Ordinary rows for ad-hoc SQL. chunk_rows() is a table-valued function RegimeLab registers on its
-- own connections (it decodes the blobs), so this view works in `regimelab sql`, not in other tools.
CREATE VIEW candles AS
SELECT i.symbol, i.exchange, i.market, c.timeframe, r.*
FROM candle_chunks c
JOIN instruments i ON i.id = c.instrument_id,
     chunk_rows(c.time, c.open, c.high, c.low, c.close, c.volume, c.quote_volume, c.trades,
                c.taker_buy_base, c.taker_buy_quote, c.flags) r;
