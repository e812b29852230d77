// The report as plain data: ten sections in the order (run card … conventions), each a list
// of blocks (key-value lists, tiles, tables, time-series charts, histograms, heatmaps, scatters,
// embedded full-resolution tables). Every number is the raw value a core/metrics function returned;
// the renderer only formats it. Serializable: it crosses the worker boundary and can be stored.

import type { ChartPoints } from './downsample.ts';
import type { NumberFormat } from './format.ts';

export type Value = number | string | boolean | null;

export type Column = { key: string; label: string; format: NumberFormat; title?: string };

/** A small table rendered in full; cells carry data-metric="<id>[<row>].<key>" and their raw value. */
export type Table = { kind: 'table'; id: string; title: string; note?: string; columns: Column[]; rows: Record<string, Value>[] };

export type KeyValue = { key: string; label: string; value: Value; format?: NumberFormat; title?: string };
export type KeyValueList = { kind: 'kv'; id: string; title: string; note?: string; items: KeyValue[] };

export type Tile = {
  key: string;
  label: string;
  value: number | null;
  format: NumberFormat;
  /** Second line: "95% CI 0.12 … 1.40", "412 d", "N = 3 trials". */
  detail?: string;
  interval?: { lower: number | null; upper: number | null } | null;
  intervalFormat?: NumberFormat;
  /** Why the value is undefined, when it is null. */
  undefinedBecause?: string;
};
export type Tiles = { kind: 'tiles'; id: string; title: string; note?: string; tiles: Tile[] };

/** Colour roles the renderer maps to theme colours. */
export type SeriesColor = 'strategy' | 'benchmark1' | 'benchmark2' | 'benchmark3' | 'leverage' | 'drawdown' | 'var' | 'hit' | 'accent' | `variant${number}`;

export type ChartSeries = {
  name: string;
  /** points: markers only (no line), e.g. VaR exceptions. */
  kind: 'line' | 'step' | 'area' | 'bands' | 'points';
  color: SeriesColor;
  points: ChartPoints;
  /** 0: main pane; 1: a pane below (leverage). */
  pane?: number;
  /** 'percent' prints the axis in % (values are fractions). */
  axis?: 'price' | 'percent' | 'leverage';
  /** bands: the regime label of each point (colour per label). */
  labels?: number[];
};

export type TimeChart = {
  kind: 'chart';
  id: string;
  title: string;
  note?: string;
  height: number;
  /** Offer the linear/log toggle. */
  logToggle?: boolean;
  series: ChartSeries[];
  /** Legend of the band labels (regime names). */
  bandLegend?: { label: number; name: string }[];
};

export type Histogram = {
  kind: 'histogram';
  id: string;
  title: string;
  note?: string;
  binEdges: number[];
  counts: number[];
  /** Expected counts per bin under each fitted density (at the bin centre × n × width). */
  fits: { name: string; color: SeriesColor; expected: number[] }[];
};

export type Heatmap = {
  kind: 'heatmap';
  id: string;
  title: string;
  note?: string;
  rowLabels: string[];
  columnLabels: string[];
  values: (number | null)[][];
  format: NumberFormat;
  /** 'diverging': red below 0, green above; 'sequential': 0 … 1 shading (probabilities). */
  scale: 'diverging' | 'sequential';
};

export type Scatter = {
  kind: 'scatter';
  id: string;
  title: string;
  note?: string;
  xLabel: string;
  yLabel: string;
  points: { x: number; y: number; group: number }[];
  groups: string[];
};

/** A full-resolution table embedded compressed (deflate-raw + base64): sortable, filterable, CSV-downloadable. */
export type DataTable = {
  kind: 'data-table';
  id: string;
  title: string;
  note?: string;
  columns: string[];
  rowCount: number;
  /** base64 of deflate-raw(JSON.stringify(rows as arrays in `columns` order)). */
  compressed: string;
  csvFileName: string;
};

export type TextBlock = { kind: 'text'; id: string; title?: string; text: string; tone?: 'note' | 'warning' | 'code' };

/** Blocks shown side by side (causal vs hindsight). */
export type Columns = { kind: 'columns'; id: string; title?: string; blocks: Block[] };

export type Block = Table | KeyValueList | Tiles | TimeChart | Histogram | Heatmap | Scatter | DataTable | TextBlock | Columns;

export type SectionId = 'run-card' | 'headline' | 'equity' | 'regimes' | 'risk' | 'distribution' | 'periods' | 'trades' | 'comparison' | 'conventions';

export type Section = { id: SectionId; number: number; title: string; blocks: Block[] };

export type ReportModel = {
  schemaVersion: 1;
  title: string;
  subtitle: string;
  /** The run's own time (UTC ms): the only clock time in the report. */
  runTime: number;
  hindsight: boolean;
  /** Regime names by label, for legends: 0 → "low vol", 1 → "high vol", −1 → "no estimate". */
  regimeNames: { label: number; name: string }[];
  sections: Section[];
};
