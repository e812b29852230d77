// How a sweep's or a study's inputs travel to cluster workers: each dataset as one binary blob in the
// wire format (core/contract/wire.ts), addressed by the SHA-256 of those bytes, and a small manifest
// per sweep (config input, grid, regimes resolved once) or per study (config input, the cells with
// their data hashes). Workers verify the hash of what they download.

import { createHash } from 'node:crypto';
import { decodeMessage, encodeMessage } from '../../../core/contract/wire.ts';
import { RegimeLabError } from '../../../core/errors.ts';
import type { BacktestData } from '../../../core/backtest/data.ts';
import type { ParameterGrid } from '../../../core/backtest/grid.ts';
import type { ResolvedRegimes } from '../../../core/regimes/resolve.ts';
import type { StudyCell } from '../studies/study-cell.ts';

export type SweepManifest = {
  kind: 'sweep';
  sweepId: string;
  configHash: string;
  dataHash: string;
  configInput: unknown;
  grid: ParameterGrid;
  regimes: ResolvedRegimes[] | null;
  total: number;
};

export type StudyManifest = {
  kind: 'study';
  studyId: string;
  configHash: string;
  configInput: unknown;
  /** Each cell's dataset is pushed separately, by its data hash. */
  cells: StudyCell[];
  total: number;
};

export type WorkManifest = SweepManifest | StudyManifest;

export function encodeSweepData(data: BacktestData): Uint8Array {
  return encodeMessage(data);
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The dataset's content hash: SHA-256 of its wire bytes (time, OHLCV and every other column). */
export function sweepDataHash(data: BacktestData): { dataHash: string; bytes: Uint8Array } {
  const bytes = encodeSweepData(data);
  return { dataHash: sha256Hex(bytes), bytes };
}

export function decodeSweepData(bytes: Uint8Array, expectedHash: string): BacktestData {
  const actual = sha256Hex(bytes);
  if (actual !== expectedHash) throw new RegimeLabError('E_INTERNAL', `dataset ${expectedHash.slice(0, 12)}… arrived with hash ${actual.slice(0, 12)}…; refusing corrupted data`);
  return decodeMessage(bytes) as BacktestData;
}

export function encodeManifest(manifest: WorkManifest): Uint8Array {
  return encodeMessage(manifest);
}

export function decodeManifest(bytes: Uint8Array): WorkManifest {
  return decodeMessage(bytes) as WorkManifest;
}

/** Sweep id: the first 32 hex digits of SHA-256(config hash : data hash). */
export function sweepIdOf(configHash: string, dataHash: string): string {
  return sha256Hex(`${configHash}:${dataHash}`).slice(0, 32);
}
