// Parameter grids for sweeps: { "dot.path": [values...] } over any config field (array entries by
// index: "sizing.leverage.0"), expanded to the cartesian product in key order (last key fastest), and
// applied to a config input as plain-data copies. Variant i is the same on every machine and worker.

import { RegimeLabError } from '../errors.ts';

export type ParameterGrid = Record<string, readonly unknown[]>;
export type GridVariant = Record<string, unknown>;

export function expandGrid(grid: ParameterGrid): GridVariant[] {
  const keys = Object.keys(grid);
  for (const k of keys) {
    if (!Array.isArray(grid[k]) || grid[k].length === 0) throw new RegimeLabError('E_BAD_INPUT', `grid.${k} must be a non-empty array of values`);
    if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(k)) throw new RegimeLabError('E_BAD_INPUT', `grid key '${k}' is not a dot path (e.g. sizing.leverage.0)`);
  }
  let out: GridVariant[] = [{}];
  for (const k of keys) {
    const next: GridVariant[] = [];
    for (const v of out) for (const value of grid[k]) next.push({ ...v, [k]: value });
    out = next;
  }
  return out;
}

export function gridSize(grid: ParameterGrid): number {
  return Object.values(grid).reduce((p, v) => p * v.length, 1);
}

function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneData);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneData(v)]));
  return value;
}

/** A copy of `config` with each dot path set; missing objects on the way are created. */
export function applyVariant(config: unknown, variant: GridVariant): unknown {
  const root = cloneData(config) as Record<string, unknown>;
  for (const [path, value] of Object.entries(variant)) {
    const parts = path.split('.');
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const key = parts[i];
      const nextIsIndex = /^\d+$/.test(parts[i + 1]);
      const container = node as Record<string, unknown>;
      let child = container[key];
      if (child === undefined || child === null || typeof child !== 'object') {
        child = nextIsIndex ? [] : {};
        container[key] = child;
      }
      node = child as Record<string, unknown>;
    }
    (node as Record<string, unknown>)[parts[parts.length - 1]] = cloneData(value);
  }
  return root;
}
