// Opens the services for a CLI command on the chosen data directory (direct transport: plain calls).

import { RegimeLabError } from '../../core/errors.ts';
import { Workstation } from '../services/workstation.ts';
import type { CliContext } from './command.ts';

export function openCliWorkstation(ctx: CliContext, mode: 'cli' | 'browser' = 'cli'): Promise<Workstation> {
  return Workstation.open({ appRoot: ctx.appRoot, dataDir: ctx.dataDir, mode });
}

/** The stored instruments' ids for `symbols` (optionally of one market); a symbol not stored is refused by name. */
export function storedInstrumentIds(ws: Workstation, symbols: string[], market: string | undefined): number[] {
  return symbols.map((symbol) => {
    const found = ws.store.findInstrument(symbol, market as Parameters<typeof ws.store.findInstrument>[1]);
    if (!found) throw new RegimeLabError('E_NOT_FOUND', `no stored instrument ${symbol}${market ? ` (${market})` : ''}; import or download it first (regimelab info lists them)`);
    return found.id;
  });
}
