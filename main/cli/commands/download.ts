// `regimelab download SYMBOL INTERVAL FROM TO`: Binance public-archive klines into the store, each
// archive verified against its .CHECKSUM and imported in its own transaction. Exits 1 when any
// archive was refused (checksum, corrupt zip, importer) or none exists for the range.

import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { runJob } from '../run-job.ts';
import { serializeError } from '../../../core/errors.ts';

const positiveInt = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} wants a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
};

export const downloadCommand: Command = {
  name: 'download',
  summary: 'Download Binance public-archive klines (monthly + daily zips, SHA-256 verified) and import them',
  usage: 'regimelab download SYMBOL INTERVAL FROM TO [--market spot|usd-m|coin-m] [--base-url URL] [--concurrency N] [--retries N] [--timeout-ms MS] [--json]   (FROM/TO: YYYY-MM-DD or YYYY-MM, inclusive, UTC)',
  options: {
    market: { type: 'string' },
    'base-url': { type: 'string' },
    concurrency: { type: 'string' },
    retries: { type: 'string' },
    'timeout-ms': { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, ctx) {
    if (positionals.length !== 4) throw new UsageError(`expected SYMBOL INTERVAL FROM TO, got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}`);
    const [symbol, interval, from, to] = positionals;
    const params = {
      symbol,
      interval,
      from,
      to,
      ...(values.market !== undefined ? { market: values.market } : {}),
      ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
      ...(values.concurrency !== undefined ? { concurrency: positiveInt(values.concurrency as string, '--concurrency') } : {}),
      ...(values.retries !== undefined ? { retries: positiveInt(values.retries as string, '--retries') } : {}),
      ...(values['timeout-ms'] !== undefined ? { timeoutMs: positiveInt(values['timeout-ms'] as string, '--timeout-ms') } : {}),
    };
    const ws = await openCliWorkstation(ctx);
    try {
      const result = await runJob(ws, 'data.download', params, ctx, `download ${symbol} ${interval}`);
      const lines = [result.message];
      for (const note of result.notes) lines.push(`  note: ${note}`);
      for (const file of result.files) lines.push(`  ${file.status.padEnd(9)} ${file.message}`);
      if (result.failed === 0) return { json: result, text: lines.join('\n') };
      const refused = `${result.failed} of ${result.planned} archives refused; the others were imported and the store holds only complete, verified files`;
      ctx.stdout(ctx.json ? JSON.stringify({ ...result, error: { code: 'E_REFUSED', message: refused } }, null, 2) : lines.join('\n'));
      ctx.stderr(`regimelab download: ${refused} [E_REFUSED]`);
      process.exitCode = 1;
      return { stream: true };
    } catch (error) {
      // A download that found nothing carries its per-file report; show it before the error line.
      const details = serializeError(error).details as { files?: { message: string }[] } | undefined;
      if (!ctx.json) for (const file of details?.files?.slice(0, 10) ?? []) ctx.stdout(`  missing   ${file.message}`);
      throw error;
    } finally {
      await ws.close();
    }
  },
};
