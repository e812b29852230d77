// Entry of out/electron/main.cjs. In the Electron main process it starts the shell (shell.ts);
// started by the shell as a utility process (--services=utility) it is the services host
// (services-host.ts). Both are imported lazily so the host never touches main-process modules.

import { SERVICES_HOST_FLAG } from './launch-options.ts';

const isServicesHost = (process as { type?: string }).type === 'utility' && process.argv.includes(SERVICES_HOST_FLAG);

const started = isServicesHost
  ? import('./services-host.ts').then((host) => host.startServicesHostFromProcess())
  : import('./shell.ts').then((shell) => shell.startShell());

started.catch((error: unknown) => {
  console.error(`RegimeLab ${isServicesHost ? 'services host' : 'shell'} failed to start:`, error);
  process.exit(1);
});
