// `regimelab serve`: the workstation in the browser, over the loopback bridge (browser mode).

import { spawn } from 'node:child_process';
import type { Command } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';
import { startBridgeServer } from '../../server/bridge-server.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the workstation to a browser on 127.0.0.1 (browser mode)',
  usage: 'regimelab serve [--port N] [--open] [--data-dir DIR]',
  options: { port: { type: 'string' }, open: { type: 'boolean' } },
  async run(values, _positionals, ctx) {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port must be an integer 0–65535, got ${String(values.port)}`);
    const ws = await openCliWorkstation(ctx, 'browser');
    const bridge = await startBridgeServer(ws, { port, rendererDir: ws.paths.rendererDir });
    ctx.stdout(`RegimeLab is serving on ${bridge.origin} (127.0.0.1 only). Open:\n  ${bridge.url}`);
    if (ctx.json) ctx.stdout(JSON.stringify({ url: bridge.url, port: bridge.port, dataDir: ws.dataDir }));
    if (values.open === true) openInBrowser(bridge.url, ctx);
    const shutdown = async () => {
      await bridge.close();
      await ws.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
    return { stream: true };
  },
};

function openInBrowser(url: string, ctx: { stderr: (t: string) => void }): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => ctx.stderr(`(no default browser could be started with ${opener}; open the URL above yourself)`));
    child.unref();
  } catch {
    ctx.stderr('(no default browser found; open the URL above yourself)');
  }
}
