// Where a sweep runs: the local worker pool or cluster workers on a Redis the user names. For the
// cluster, a connection test (reachability, authentication, latency) and the live worker count,
// refreshed while the cluster is selected. The value is the job's `backend` param as is. For
// rediss:// the PEM files of a private CA and of a client certificate can be named (paths on the
// machine that runs the services, which reads them).

import { useEffect, useState } from 'react';
import type { RedisTlsFiles, SweepBackendChoice } from '../../core/contract/jobs.ts';
import type { MethodOutput } from '../../core/contract/methods.ts';
import { api } from '../api.ts';

type Props = { value: SweepBackendChoice; onChange: (backend: SweepBackendChoice) => void };
type Report = MethodOutput<'cluster.testConnection'>;

const REFRESH_MS = 5000;

export function BackendSelector({ value, onChange }: Props) {
  const [redisUrl, setRedisUrl] = useState(value.kind === 'cluster' ? value.redisUrl : 'redis://:PASSWORD@127.0.0.1:6379');
  const [allowUnauthenticated, setAllowUnauthenticated] = useState(value.kind === 'cluster' && value.allowUnauthenticated === true);
  const [tls, setTls] = useState<RedisTlsFiles>(value.kind === 'cluster' ? (value.tls ?? {}) : {});
  const [report, setReport] = useState<Report | null>(null);
  const [testing, setTesting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** The TLS files given (empty fields dropped), only for a rediss:// URL. */
  const tlsFor = (url: string, files: RedisTlsFiles): RedisTlsFiles | undefined => {
    if (!url.startsWith('rediss://')) return undefined;
    const given = Object.fromEntries(Object.entries(files).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, (v as string).trim()])) as RedisTlsFiles;
    return Object.keys(given).length ? given : undefined;
  };
  const choose = (kind: 'local' | 'cluster', url = redisUrl, allow = allowUnauthenticated, files = tls) => {
    const tlsFiles = tlsFor(url, files);
    onChange(kind === 'local' ? { kind: 'local' } : { kind: 'cluster', redisUrl: url, ...(allow ? { allowUnauthenticated: true } : {}), ...(tlsFiles ? { tls: tlsFiles } : {}) });
  };
  const setTlsFile = (key: keyof RedisTlsFiles, path: string) => {
    const next = { ...tls, [key]: path };
    setTls(next);
    setReport(null);
    choose('cluster', redisUrl, allowUnauthenticated, next);
  };

  const test = async (quiet = false) => {
    if (!quiet) setTesting(true);
    try {
      const tlsFiles = tlsFor(redisUrl, tls);
      setReport(await api.call('cluster.testConnection', { redisUrl, allowUnauthenticated, ...(tlsFiles ? { tls: tlsFiles } : {}) }));
      setError(null);
    } catch (e) {
      setReport(null);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (!quiet) setTesting(false);
    }
  };

  // Live worker count: re-test quietly while the cluster is selected and the last test succeeded
  // (the URL and the override are read when the timer fires).
  const live = value.kind === 'cluster' && report?.ok === true;
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void test(true), REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, redisUrl, allowUnauthenticated, tls]);

  return (
    <fieldset className="backend-selector" data-testid="backend-selector">
      <legend>Run variants on</legend>
      <label>
        <input type="radio" name="sweep-backend" checked={value.kind === 'local'} onChange={() => choose('local')} /> this computer (worker pool)
      </label>
      <label>
        <input type="radio" name="sweep-backend" checked={value.kind === 'cluster'} onChange={() => choose('cluster')} /> cluster workers on Redis
      </label>
      {value.kind === 'cluster' && (
        <div className="cluster-settings">
          <label>
            Redis URL{' '}
            <input
              type="text"
              autoComplete="off"
              spellCheck={false}
              size={44}
              value={redisUrl}
              data-testid="redis-url"
              onChange={(e) => {
                setRedisUrl(e.target.value);
                setReport(null);
                choose('cluster', e.target.value);
              }}
            />
          </label>
          <div className="muted">redis://:PASSWORD@HOST:PORT, or rediss:// for TLS. Start workers anywhere with <code>regimelab worker --redis URL</code>.</div>
          {redisUrl.startsWith('rediss://') && (
            <div className="tls-files" data-testid="tls-files">
              <div className="muted">TLS: leave empty for a server whose certificate a public CA signed; otherwise PEM file paths on this machine (workers take <code>--tls-ca --tls-cert --tls-key</code>).</div>
              {([['caFile', 'CA certificate'], ['certFile', 'client certificate'], ['keyFile', 'client key']] as const).map(([key, label]) => (
                <label key={key}>
                  {label}{' '}
                  <input type="text" autoComplete="off" spellCheck={false} size={40} value={tls[key] ?? ''} placeholder="/path/to/file.pem" data-testid={`tls-${key}`} onChange={(e) => setTlsFile(key, e.target.value)} />
                </label>
              ))}
            </div>
          )}
          <label>
            <input
              type="checkbox"
              checked={allowUnauthenticated}
              onChange={(e) => {
                setAllowUnauthenticated(e.target.checked);
                setReport(null);
                choose('cluster', redisUrl, e.target.checked);
              }}
            />{' '}
            allow a Redis without authentication (private test instances only)
          </label>
          <div>
            <button type="button" onClick={() => void test()} disabled={testing} data-testid="test-connection">
              {testing ? 'Testing…' : 'Test connection'}
            </button>{' '}
            {report && (
              <span className={`message ${report.ok ? 'ok' : 'error'}`} role="status" data-testid="connection-status">
                {report.ok ? `● ${report.workers} live worker${report.workers === 1 ? '' : 's'} · ${report.latencyMs} ms · Redis ${report.redisVersion ?? '?'}${report.tls ? ' · TLS' : ''}` : report.message}
              </span>
            )}
            {error && <span className="message error" role="alert">{error}</span>}
          </div>
          {report?.ok && report.authenticated === false && <div className="message error">This Redis accepts anyone who can reach it: keep it on a private network.</div>}
        </div>
      )}
    </fieldset>
  );
}
