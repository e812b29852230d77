// `regimelab import FILE...`: exchange files into the store, one transaction per file, each with
// its import report. A refused file exits non-zero and leaves the store as it was.

import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { runJob } from '../run-job.ts';
import { ImportPolicySchema } from '../../../core/contract/jobs.ts';
import { serializeError } from '../../../core/errors.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import Binance kline files (.zip/.csv), generic CSV (.csv/.csv.gz) or Parquet candles',
  usage:
    'regimelab import FILE... [--symbol S] [--market spot|usd-m|coin-m] [--timeframe TF] [--duplicates last-wins|first-wins|refuse] [--keep-unfinished] [--fill-gaps N] [--max-rejected SHARE] [--allow-symbol-mismatch] [--json]',
  options: {
    symbol: { type: 'string' },
    market: { type: 'string' },
    exchange: { type: 'string' },
    timeframe: { type: 'string' },
    duplicates: { type: 'string' },
    'keep-unfinished': { type: 'boolean' },
    'fill-gaps': { type: 'string' },
    'max-rejected': { type: 'string' },
    'allow-symbol-mismatch': { type: 'boolean' },
  },
  allowPositionals: true,
  async run(values, files, ctx) {
    if (files.length === 0) throw new UsageError('name at least one file to import');
    const policy = ImportPolicySchema.parse({
      symbol: values.symbol,
      market: values.market,
      exchange: values.exchange,
      timeframe: values.timeframe,
      duplicatePolicy: values.duplicates,
      unfinished: values['keep-unfinished'] ? 'keep' : undefined,
      fillGaps: values['fill-gaps'] !== undefined ? true : undefined,
      fillMaxBars: values['fill-gaps'] !== undefined ? Number(values['fill-gaps']) : undefined,
      maxRejectedShare: values['max-rejected'] !== undefined ? Number(values['max-rejected']) : undefined,
      allowSymbolMismatch: values['allow-symbol-mismatch'] === true ? true : undefined,
    });
    const ws = await openCliWorkstation(ctx);
    const outcomes: unknown[] = [];
    const lines: string[] = [];
    let failures = 0;
    try {
      // All files start at once: parsing (in the import worker) overlaps earlier files' store
      // writes, and the service merges them in this order.
      const jobs = files.map((file) => ({ file, job: runJob(ws, 'data.importFile', { path: file, policy }, ctx, `import ${file}`) }));
      for (const { file, job } of jobs) {
        try {
          const outcome = await job;
          outcomes.push({ file, ...outcome });
          lines.push(`${outcome.status === 'imported' ? 'imported' : 'unchanged'}: ${outcome.message}`);
          const r = outcome.report as { notes?: string[]; rows?: { rejectedByReason?: Record<string, number> }; gaps?: { list?: { fromMs: number; toMs: number; missingBars: number }[] } };
          for (const [reason, n] of Object.entries(r.rows?.rejectedByReason ?? {})) lines.push(`  rejected ${n} rows: ${reason}`);
          for (const gap of (r.gaps?.list ?? []).slice(0, 5)) lines.push(`  gap ${new Date(gap.fromMs).toISOString()} → ${new Date(gap.toMs).toISOString()} (${gap.missingBars} bars)`);
          for (const note of r.notes ?? []) lines.push(`  note: ${note}`);
        } catch (error) {
          failures++;
          const serialized = serializeError(error);
          outcomes.push({ file, error: serialized });
          lines.push(`refused: ${file}: ${serialized.message} [${serialized.code}]`);
        }
      }
    } finally {
      await ws.close();
    }
    if (failures > 0) {
      if (ctx.json) ctx.stdout(JSON.stringify(outcomes, null, 2));
      else ctx.stdout(lines.join('\n'));
      process.exitCode = 1;
      return { stream: true };
    }
    return { json: outcomes, text: lines.join('\n') };
  },
};
