// The sweep panel's backend selector against a real TLS Redis (Debian's redis-server with a throwaway
// CA made by openssl, client certificates required, password set): without the CA the connection
// test says the certificate is not trusted; with the CA and the client certificate named it connects.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, artifactsDir } from './fixtures.ts';
import { makeTlsFiles, startRedis, type TestRedis } from '../unit/main/services/sweeps/cluster-fixtures.ts';

test('the backend selector tests a rediss:// Redis with a private CA and a client certificate', async ({ workstation }) => {
  const { page } = workstation;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regimelab-e2e-tls-'));
  let redis: TestRedis | null = null;
  try {
    const certs = makeTlsFiles(dir);
    redis = await startRedis('e2e-secret', { tls: certs });
    await page.getByTestId('view-backtest').click();
    const selector = page.getByTestId('backend-selector');
    await selector.getByText('cluster workers on Redis').click();
    await page.getByTestId('redis-url').fill(redis.url);
    await expect(page.getByTestId('tls-files')).toBeVisible();

    await page.getByTestId('test-connection').click();
    await expect(page.getByTestId('connection-status')).toContainText(/certificate|--tls-ca/i, { timeout: 20_000 });

    await page.getByTestId('tls-caFile').fill(certs.caFile);
    await page.getByTestId('tls-certFile').fill(certs.clientCert);
    await page.getByTestId('tls-keyFile').fill(certs.clientKey);
    await page.getByTestId('test-connection').click();
    await expect(page.getByTestId('connection-status')).toContainText(/0 live workers · [\d.]+ ms · Redis [\d.]+ · TLS/, { timeout: 20_000 });
    fs.mkdirSync(artifactsDir, { recursive: true });
    await selector.screenshot({ path: path.join(artifactsDir, `backend-selector-tls-${workstation.target}.png`) });
  } finally {
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
