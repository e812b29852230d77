// Stand-alone entry of the services host for a plain Node child process (the transport test).
// The app starts the same host from out/electron/main.cjs inside an Electron utility process.
import { startServicesHostFromProcess } from './services-host.ts';

startServicesHostFromProcess();
