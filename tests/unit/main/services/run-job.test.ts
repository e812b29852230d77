// runJob (core/contract/run-job.ts) over a real Workstation: the transport here answers jobs.start only
// after the job's end event has gone out — as the bridge can, its events on a WebSocket overtaking the
// HTTP answer — which left the renderer's old "listen, then compare with the id once it is known"
// waiting forever (the journey e2e spec's fourth import hung on it). runJob settles all the same.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../../../main/services/workstation.ts';
import type { WorkstationClient } from '../../../../core/contract/client.ts';
import type { EventName } from '../../../../core/contract/events.ts';
import { JobError, runJob } from '../../../../core/contract/run-job.ts';
import { repoRoot } from '../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../helpers/temp.ts';

const archive = (month: string) => path.resolve(repoRoot, '..', 'shared', 'data', 'binance', 'spot', 'monthly', 'klines', 'BTCUSDT', '1h', 'intabyu__interview-at', `BTCUSDT-1h-2023-${month}.csv`);

/** The workstation, with jobs.start answered only once that job's done or error event was emitted. */
function answeringLate(ws: Workstation): WorkstationClient {
  const ended = new Set<string>();
  const waiting = new Map<string, () => void>();
  ws.onAny((event: EventName, payload) => {
    if (event !== 'job.done' && event !== 'job.error') return;
    const id = (payload as { jobId: string }).jobId;
    ended.add(id);
    waiting.get(id)?.();
  });
  return {
    on: (event, listener) => ws.on(event, listener),
    call: async (method, input) => {
      const output = await ws.call(method, input);
      if (method === 'jobs.start') {
        const { jobId } = output as { jobId: string };
        if (!ended.has(jobId)) await new Promise<void>((resolve) => waiting.set(jobId, resolve));
      }
      return output;
    },
  };
}

describe('runJob', () => {
  let dir: string;
  let ws: Workstation;
  let late: WorkstationClient;
  const march = new Uint8Array(fs.readFileSync(archive('03')));
  const april = new Uint8Array(fs.readFileSync(archive('04')));
  beforeAll(async () => {
    dir = makeTempDir();
    ws = await Workstation.open({ appRoot: repoRoot, dataDir: dir, mode: 'test', seedSample: false });
    late = answeringLate(ws);
  });
  afterAll(async () => {
    await ws.close();
    removeDir(dir);
  });

  it('the late transport reproduces the race: a listener that compares with the id once it is known misses the end', async () => {
    let jobId = '';
    let seen = false;
    const off = late.on('job.done', (p) => p.jobId === jobId && (seen = true));
    jobId = (await late.call('jobs.start', { kind: 'data.importFile', params: { bytes: march, fileName: 'BTCUSDT-1h-2023-03.csv' } })).jobId;
    await new Promise((r) => setTimeout(r, 200));
    off();
    expect(seen).toBe(false);
    expect((await ws.call('jobs.get', { jobId })).state).toBe('done');
  });

  it('resolves with the result of a job that ended before jobs.start answered, and reports the id first', async () => {
    const started: string[] = [];
    const result = await runJob(late, 'data.importFile', { bytes: april, fileName: 'BTCUSDT-1h-2023-04.csv' }, { onStarted: (id) => started.push(id) });
    expect(result.message).toMatch(/^BTCUSDT-1h-2023-04.csv: 720 bars into BTCUSDT 1h \(720 new/);
    expect(started).toHaveLength(1);
    expect((await ws.call('jobs.get', { jobId: started[0] })).state).toBe('done');
  });

  it('rejects with the job\'s error code and message when it failed before jobs.start answered', async () => {
    const error = await runJob(late, 'data.importFile', { bytes: new TextEncoder().encode('not,a,candle\nfile,at,all\n'), fileName: 'junk.csv' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobError);
    expect((error as JobError).code).toMatch(/^E_/);
    expect((error as JobError).message).toMatch(/junk\.csv|column|time/i);
  });

  it('settles on its own job only: a cancel rejects with E_CANCELLED while another job ends normally', async () => {
    await runJob(ws, 'data.seedSample', {});
    const [sample] = await ws.call('data.listInstruments', {});
    const other = runJob(ws, 'regimes.fit', { instrumentId: sample.id, timeframe: '4h', model: { model: 'hmm', regimes: 2 } });
    const error = await runJob(ws, 'regimes.fit', { instrumentId: sample.id, timeframe: '1h', model: { model: 'msgarch', variance: 'gjr', dist: 't', regimes: 2 } }, {
      onStarted: (jobId) => void ws.call('jobs.cancel', { jobId }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobError);
    expect((error as JobError).code).toBe('E_CANCELLED');
    const fit = await other;
    expect(fit.runId).toEqual(expect.any(String));
  });
});
