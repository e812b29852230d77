// Opens the services for a CLI command on the chosen data directory (direct transport: plain calls).

import { Workstation } from '../services/workstation.ts';
import type { CliContext } from './command.ts';

export function openCliWorkstation(ctx: CliContext, mode: 'cli' | 'browser' = 'cli'): Promise<Workstation> {
  return Workstation.open({ appRoot: ctx.appRoot, dataDir: ctx.dataDir, mode });
}
