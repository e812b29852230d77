// The execution-backend flags shared by `sweep`, `study` and `worker`: --backend local|cluster,
// --redis URL (or REGIMELAB_REDIS_URL, which keeps a password out of the process list), the explicit
// unauthenticated-Redis override, and the PEM files of a rediss:// connection (private CA, client cert).

import path from 'node:path';
import type { RedisTlsFiles, SweepBackendChoice } from '../../core/contract/jobs.ts';
import { UsageError, type Command } from './command.ts';

type Values = Parameters<Command['run']>[0];

export const TLS_OPTIONS = {
  'tls-ca': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
} as const;

export const BACKEND_OPTIONS = {
  backend: { type: 'string' },
  redis: { type: 'string' },
  'allow-unauthenticated-redis': { type: 'boolean' },
  ...TLS_OPTIONS,
} as const;

export const TLS_USAGE = '[--tls-ca CA.pem] [--tls-cert CLIENT.pem --tls-key CLIENT.key]';
export const BACKEND_USAGE = `[--backend local|cluster] [--redis URL] [--allow-unauthenticated-redis] ${TLS_USAGE}`;

/** --tls-ca / --tls-cert / --tls-key as absolute paths (only the flags given). */
export function tlsFilesOf(values: Values): RedisTlsFiles {
  const file = (flag: string) => (typeof values[flag] === 'string' ? path.resolve(values[flag] as string) : undefined);
  const tls: RedisTlsFiles = {};
  const ca = file('tls-ca');
  const cert = file('tls-cert');
  const key = file('tls-key');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key (the client certificate and its key) go together');
  if (ca) tls.caFile = ca;
  if (cert && key) Object.assign(tls, { certFile: cert, keyFile: key });
  return tls;
}

export function redisUrlOf(values: Values, why: string): string {
  const redisUrl = typeof values.redis === 'string' ? values.redis : process.env.REGIMELAB_REDIS_URL;
  if (!redisUrl) throw new UsageError(`${why} needs --redis URL (or REGIMELAB_REDIS_URL, which keeps the password out of the process list)`);
  return redisUrl;
}

export function backendChoiceOf(values: Values): SweepBackendChoice {
  const kind = typeof values.backend === 'string' ? values.backend : 'local';
  if (kind === 'local') return { kind: 'local' };
  if (kind !== 'cluster') throw new UsageError(`--backend must be local or cluster, got ${JSON.stringify(kind)}`);
  const tls = tlsFilesOf(values);
  return {
    kind: 'cluster',
    redisUrl: redisUrlOf(values, '--backend cluster'),
    ...(values['allow-unauthenticated-redis'] === true ? { allowUnauthenticated: true } : {}),
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
  };
}
