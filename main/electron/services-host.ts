// The services host: opens the Workstation in its own process and serves it over a message
// channel (services-channel.ts). In the app it runs in an Electron utility process, so a native
// crash (SQLite, ONNX Runtime) ends this process and not the window; in tests it runs as a plain
// Node child process. Native dialogs are asked of the shell, which owns the windows.

import type { MethodParsedInput, MethodOutput } from '../../core/contract/methods.ts';
import type { CallEnvelope } from '../../core/contract/client.ts';
import { isMethodName } from '../../core/contract/methods.ts';
import { deserializeError, isErrorCode, RegimeLabError, serializeError } from '../../core/errors.ts';
import { Workstation, type NativeDialogs } from '../services/workstation.ts';
import {
  nodeProcessChannel,
  parentPortChannel,
  parseShellMessage,
  type CapabilityName,
  type HostToShellMessage,
  type MessageChannelLike,
} from './services-channel.ts';

export function runServicesHost(channel: MessageChannelLike, exit: (code: number) => void): void {
  let workstation: Workstation | null = null;
  let opening: Promise<void> | null = null;
  let nextCapabilityId = 1;
  const capabilityWaiters = new Map<number, (envelope: CallEnvelope) => void>();
  const post = (message: HostToShellMessage) => channel.post(message);

  function askShell<T>(name: CapabilityName, input: unknown): Promise<T> {
    const id = nextCapabilityId++;
    return new Promise<T>((resolve, reject) => {
      capabilityWaiters.set(id, (envelope) => (envelope.ok ? resolve(envelope.value as T) : reject(deserializeError({ ...envelope.error, code: isErrorCode(envelope.error.code) ? envelope.error.code : 'E_INTERNAL' }))));
      post({ type: 'capability', id, name, input });
    });
  }

  const shellDialogs: NativeDialogs = {
    showOpenDialog: (input: MethodParsedInput<'system.showOpenDialog'>) => askShell<MethodOutput<'system.showOpenDialog'>>('showOpenDialog', input),
    showSaveDialog: (input: MethodParsedInput<'system.showSaveDialog'>) => askShell<MethodOutput<'system.showSaveDialog'>>('showSaveDialog', input),
  };

  channel.onMessage((raw) => {
    const message = parseShellMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'init': {
        if (opening) return;
        const { options } = message;
        opening = Workstation.open({
          appRoot: options.appRoot,
          dataDir: options.dataDir,
          mode: options.mode,
          versions: options.versions,
          seedSample: options.seedSample,
          computeWorkers: options.computeWorkers,
          nativeDialogs: options.nativeDialogs ? shellDialogs : undefined,
        }).then(
          (opened) => {
            workstation = opened;
            opened.onAny((name, payload) => post({ type: 'event', name, payload }));
            post({ type: 'ready' });
          },
          (error: unknown) => post({ type: 'init-failed', error: serializeError(error) }),
        );
        return;
      }
      case 'call':
        void (async () => {
          let envelope: CallEnvelope;
          try {
            if (!workstation) throw new RegimeLabError('E_CONFLICT', 'the services host is not open yet');
            if (!isMethodName(message.method)) throw new RegimeLabError('E_NOT_FOUND', `unknown method ${JSON.stringify(message.method)}`);
            envelope = { ok: true, value: await workstation.call(message.method, message.input as never) };
          } catch (error) {
            envelope = { ok: false, error: serializeError(error) };
          }
          post({ type: 'result', id: message.id, envelope });
        })();
        return;
      case 'capability-result': {
        const waiter = capabilityWaiters.get(message.id);
        capabilityWaiters.delete(message.id);
        waiter?.(message.envelope);
        return;
      }
      case 'shutdown':
        void (async () => {
          await opening?.catch(() => {});
          await workstation?.close();
          post({ type: 'closed' });
          exit(0);
        })();
        return;
    }
  });
}

type ProcessWithPorts = NodeJS.Process & { parentPort?: Parameters<typeof parentPortChannel>[0] };

/** Entry point: an Electron utility process talks over process.parentPort, a Node child over process.send. */
export function startServicesHostFromProcess(): void {
  const proc = process as ProcessWithPorts;
  const channel = proc.parentPort ? parentPortChannel(proc.parentPort) : nodeProcessChannel(proc);
  // A Node child whose parent went away has nobody to serve (Electron ends utility processes itself).
  if (!proc.parentPort) process.once('disconnect', () => process.exit(0));
  runServicesHost(channel, (code) => process.exit(code));
}
