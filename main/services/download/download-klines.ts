// The `data.download` job: plan the archives for a symbol and date range, fetch and verify them
// (a few at a time), then import each verified archive in date order, one transaction per file.
// Downloading finishes before the first import, so a cancel while downloading leaves the store
// untouched; a cancel while importing rolls back the file in flight and keeps those before it.

import { RegimeLabError, serializeError } from '../../../core/errors.ts';
import type { DownloadedArchive, JobParams, JobResult } from '../../../core/contract/jobs.ts';
import type { ImportApi } from '../../../workers/import-api.ts';
import type { CandleStore } from '../store/candle-store.ts';
import type { JobContext } from '../jobs/job-registry.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { importFile } from '../imports/import-file.ts';
import { archiveUrl, dailyArchivesOf, DEFAULT_BINANCE_ARCHIVE_URL, normalizeBaseUrl, planKlineArchives, type KlineArchive } from './archive-plan.ts';
import { fetchArchive, type ArchiveFetch } from './fetch-archive.ts';

export type DownloadParams = JobParams<'data.download'>;
export type DownloadResult = JobResult<'data.download'>;

/** Store setting naming the archive root (a mirror, or a loopback server in tests). */
export const BINANCE_BASE_URL_SETTING = 'download.binance.baseUrl';
export const BINANCE_BASE_URL_ENV = 'REGIMELAB_BINANCE_BASE_URL';

export type DownloadEnv = {
  store: CandleStore;
  importer: WorkerPool<ImportApi>;
  /** Download cache root, e.g. `{dataDir}/downloads/binance`. */
  cacheDir: string;
  nowMs?: number;
};

/** Share of the job's progress given to downloading; importing takes the rest. */
const DOWNLOAD_SHARE = 0.8;
const MAX_RETRY_DELAY_MS = 30_000;

/** The job's base URL, the `download.binance.baseUrl` setting, REGIMELAB_BINANCE_BASE_URL, or Binance's. */
export function resolveBaseUrl(store: CandleStore, explicit: string | undefined): string {
  const chosen = [explicit, process.env[BINANCE_BASE_URL_ENV], store.getSetting(BINANCE_BASE_URL_SETTING)].find((url) => url !== undefined && url.length > 0);
  return normalizeBaseUrl(chosen ?? DEFAULT_BINANCE_ARCHIVE_URL);
}

const megabytes = (bytes: number) => (bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 2 : 1);

export async function downloadKlines(params: DownloadParams, env: DownloadEnv, ctx: JobContext): Promise<DownloadResult> {
  const baseUrl = resolveBaseUrl(env.store, params.baseUrl);
  const { symbol, market, interval } = params;
  const plan = planKlineArchives({ symbol, market, interval, from: params.from, to: params.to }, env.nowMs ?? Date.now());
  const notes = [...plan.notes];
  const policy = { retries: params.retries, retryDelayMs: params.retryDelayMs, maxRetryDelayMs: Math.max(params.retryDelayMs, MAX_RETRY_DELAY_MS), timeoutMs: params.timeoutMs };

  // The job's cancel flag is polled into an AbortSignal that stops sockets and backoff sleeps.
  const controller = new AbortController();
  const poll = setInterval(() => {
    if (ctx.signal.cancelled()) controller.abort(new RegimeLabError('E_CANCELLED', 'cancelled by the user'));
  }, 50);

  // ── download and verify ─────────────────────────────────────────────────────────────────────
  const fetched = new Map<KlineArchive, ArchiveFetch>();
  const fallbacks = new Map<string, KlineArchive[]>();
  const bytesOnDisk = new Map<KlineArchive, { bytes: number; total: number | undefined }>();
  let filesTotal = plan.archives.length;
  let filesDone = 0;
  const report = (current: string) => {
    let inFlight = 0;
    let bytes = 0;
    let known = 0;
    for (const [archive, b] of bytesOnDisk) {
      bytes += b.bytes;
      known += b.total ?? b.bytes;
      if (!fetched.has(archive) && b.total) inFlight += Math.min(1, b.bytes / b.total);
    }
    const fraction = (DOWNLOAD_SHARE * (filesDone + inFlight)) / Math.max(1, filesTotal);
    ctx.progress(fraction, `downloading: ${filesDone} of ${filesTotal} files, ${megabytes(bytes)} of ${megabytes(known)}+ MB · ${current}`);
  };

  const fetchAll = async (queue: KlineArchive[]) => {
    const worker = async () => {
      for (let archive = queue.shift(); archive && !controller.signal.aborted; archive = queue.shift()) {
        const current = archive;
        const outcome = await fetchArchive(current, {
          baseUrl,
          cacheDir: env.cacheDir,
          policy,
          signal: controller.signal,
          onBytes: (bytes, total) => {
            bytesOnDisk.set(current, { bytes, total });
            report(current.fileName);
          },
        });
        // A monthly archive is published only after its month (and some symbols lack one): its
        // days are fetched instead, and the month is reported missing only if they all are too.
        if (outcome.status === 'missing' && current.period === 'monthly') {
          const days = dailyArchivesOf(current);
          fallbacks.set(current.label, days);
          filesTotal += days.length - 1;
        } else {
          fetched.set(current, outcome);
          filesDone++;
        }
        report(current.fileName);
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.min(params.concurrency, queue.length) }, worker));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  };

  try {
    report('checking the archive');
    await fetchAll([...plan.archives]);
    const fallbackDays = [...fallbacks.values()].flat();
    if (fallbackDays.length > 0) await fetchAll(fallbackDays);
  } catch (error) {
    if (controller.signal.aborted || ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user while downloading; nothing was imported (partial downloads stay in the cache and resume next time)');
    throw error;
  } finally {
    clearInterval(poll);
  }
  if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user while downloading; nothing was imported');

  // ── the plan as it ended: months replaced by their days, fully missing months collapsed ────
  type Entry = { archive: KlineArchive; outcome: ArchiveFetch };
  const entries: Entry[] = [];
  for (const archive of plan.archives) {
    const days = fallbacks.get(archive.label);
    if (archive.period !== 'monthly' || !days) {
      entries.push({ archive, outcome: fetched.get(archive)! });
      continue;
    }
    const outcomes = days.map((day) => ({ archive: day, outcome: fetched.get(day)! }));
    const missingDays = outcomes.filter((o) => o.outcome.status === 'missing').length;
    if (missingDays === days.length) {
      const message = `${archive.fileName}: not in the archive (HTTP 404), and none of its ${days.length} daily archives either`;
      entries.push({ archive, outcome: { status: 'missing', sha256: null, networkBytes: 0, attempts: 1, resumes: 0, message } });
    } else {
      notes.push(`${archive.label}: no monthly archive (HTTP 404); used its ${days.length} daily archives instead${missingDays > 0 ? ` (${missingDays} of them missing)` : ''}`);
      entries.push(...outcomes);
    }
  }

  // ── import, in date order, one transaction per file ──────────────────────────────────────────
  const files: DownloadedArchive[] = [];
  const verified = entries.filter((e) => e.outcome.status === 'verified');
  let instrumentId: number | null = null;
  let importIndex = 0;
  for (const { archive, outcome } of entries) {
    const base = {
      fileName: archive.fileName,
      url: archiveUrl(baseUrl, archive),
      period: archive.period,
      label: archive.label,
      sha256: outcome.sha256,
      attempts: outcome.attempts,
      resumes: outcome.resumes,
    };
    if (outcome.status !== 'verified') {
      files.push({ ...base, status: outcome.status, source: null, sizeBytes: 0, bars: null, message: outcome.message });
      continue;
    }
    const index = importIndex++;
    const fileCtx: JobContext = {
      signal: ctx.signal,
      cancelFlag: ctx.cancelFlag,
      progress: (fraction, message) => ctx.progress(DOWNLOAD_SHARE + ((1 - DOWNLOAD_SHARE) * (index + fraction)) / verified.length, `importing ${index + 1} of ${verified.length}: ${message ?? archive.fileName}`),
    };
    const downloaded = { ...base, source: outcome.source, sizeBytes: outcome.sizeBytes };
    try {
      if (ctx.signal.cancelled()) throw new RegimeLabError('E_CANCELLED', 'cancelled by the user');
      const imported = await importFile(env.store, env.importer, { path: outcome.filePath }, { symbol, market, timeframe: interval, exchange: 'binance' }, fileCtx);
      instrumentId = imported.instrumentId;
      files.push({ ...downloaded, status: imported.status, bars: imported.report.bars, message: imported.message });
    } catch (error) {
      const serialized = serializeError(error);
      if (serialized.code === 'E_CANCELLED') {
        const kept = files.filter((f) => f.status === 'imported').length;
        throw new RegimeLabError('E_CANCELLED', `cancelled by the user while importing ${archive.fileName}; that file was rolled back${kept > 0 ? `, the ${kept} imported before it stay (each is a complete, verified archive)` : ' and nothing was imported'}`);
      }
      files.push({ ...downloaded, status: 'failed', bars: null, message: `${archive.fileName}: verified, but the importer refused it: ${serialized.message}` });
    }
  }

  const count = (status: DownloadedArchive['status']) => files.filter((f) => f.status === status).length;
  const result: DownloadResult = {
    symbol,
    market,
    interval,
    fromDay: plan.fromDay,
    toDay: plan.toDay,
    baseUrl,
    instrumentId,
    planned: files.length,
    downloaded: verified.filter((e) => e.outcome.status === 'verified' && e.outcome.source === 'network').length,
    verified: verified.length,
    imported: count('imported'),
    skipped: count('unchanged'),
    missing: count('missing'),
    failed: count('failed'),
    bytes: entries.reduce((sum, e) => sum + e.outcome.networkBytes, 0),
    files,
    notes,
    message: '',
  };
  const range = `${symbol} ${market} ${interval} ${plan.fromDay} → ${plan.toDay}`;
  result.message = `${range}: ${result.imported} imported, ${result.skipped} already in the store, ${result.missing} missing, ${result.failed} refused (${megabytes(result.bytes)} MB downloaded)`;
  if (result.missing === files.length) {
    throw new RegimeLabError('E_NOT_FOUND', `${range}: no archive exists at ${baseUrl} for that range (${files.length} file${files.length === 1 ? '' : 's'} answered HTTP 404); check the symbol, market and dates`, result);
  }
  ctx.progress(1, result.message);
  return result;
}
