// `regimelab info`: where the store is and what it holds (instruments, bars per timeframe, spans).

import type { Command } from '../command.ts';
import { openCliWorkstation } from '../open-workstation.ts';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Store path, instruments and candle counts per timeframe',
  usage: 'regimelab info [--json] [--data-dir DIR]',
  options: {},
  async run(_values, _positionals, ctx) {
    const ws = await openCliWorkstation(ctx);
    try {
      const system = await ws.call('system.info', {});
      const instruments = await ws.call('data.listInstruments', {});
      const json = { dataDir: system.dataDir, storePath: system.storePath, appVersion: system.appVersion, instruments };
      const lines = [`RegimeLab ${system.appVersion}`, `data dir: ${system.dataDir}`, `store:    ${system.storePath}`, ''];
      if (instruments.length === 0) lines.push('No instruments yet: import a file with `regimelab import FILE`.');
      for (const instrument of instruments) {
        const label = instrument.simulated ? '  [SIMULATED — not market data]' : '';
        lines.push(`${instrument.symbol} (${instrument.exchange} ${instrument.market})${label}`);
        for (const tf of instrument.timeframes) {
          const span = tf.firstTime !== null && tf.lastTime !== null ? `${iso(tf.firstTime)} → ${iso(tf.lastTime)}` : 'empty';
          const derived = tf.derivedFrom ? ` (resampled from ${tf.derivedFrom})` : '';
          lines.push(`  ${tf.timeframe.padEnd(4)} ${String(tf.bars).padStart(9)} bars  ${span}${derived}`);
        }
      }
      return { json, text: lines.join('\n') };
    } finally {
      await ws.close();
    }
  },
};

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
