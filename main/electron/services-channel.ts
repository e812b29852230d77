// The services-host transport: the messages that carry contract calls, events and shell
// capability requests (native dialogs) between the Electron shell and a services host in another
// process (an Electron utility process in the app, a Node child process in tests). Plain Node:
// a channel is anything that posts structured-clone messages, so typed arrays cross intact.

import type { EventName } from '../../core/contract/events.ts';
import type { CallEnvelope } from '../../core/contract/client.ts';
import { isEventName } from '../../core/contract/events.ts';
import type { MethodInput, MethodName, MethodOutput } from '../../core/contract/methods.ts';
import type { SystemInfo } from '../../core/contract/schemas.ts';
import { deserializeError, isErrorCode, RegimeLabError, serializeError, type SerializedError } from '../../core/errors.ts';

/** What every transport needs from the services, wherever they run (Workstation satisfies it). */
export type ServicesEndpoint = {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  onAny(listener: (event: EventName, payload: unknown) => void): () => void;
};

/** A bidirectional message channel (structured clone): parentPort, UtilityProcess, child_process IPC. */
export type MessageChannelLike = {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
};

export type ServicesHostOptions = {
  appRoot: string;
  dataDir: string;
  mode: SystemInfo['mode'];
  versions?: Record<string, string>;
  seedSample?: boolean;
  computeWorkers?: number;
  /** The shell answers native dialog requests (Electron); false in tests without a shell. */
  nativeDialogs: boolean;
};

export const CAPABILITIES = ['showOpenDialog', 'showSaveDialog'] as const;
export type CapabilityName = (typeof CAPABILITIES)[number];

export type ShellToHostMessage =
  | { type: 'init'; options: ServicesHostOptions }
  | { type: 'call'; id: number; method: string; input: unknown }
  | { type: 'capability-result'; id: number; envelope: CallEnvelope }
  | { type: 'shutdown' };

export type HostToShellMessage =
  | { type: 'ready' }
  | { type: 'init-failed'; error: SerializedError }
  | { type: 'result'; id: number; envelope: CallEnvelope }
  | { type: 'event'; name: EventName; payload: unknown }
  | { type: 'capability'; id: number; name: CapabilityName; input: unknown }
  | { type: 'closed' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEnvelope(value: unknown): value is CallEnvelope {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && isRecord(value.error) && typeof value.error.message === 'string' && typeof value.error.code === 'string';
}

/** Shape check of a message from the shell (the host trusts its parent, but not blindly). */
export function parseShellMessage(message: unknown): ShellToHostMessage | null {
  if (!isRecord(message)) return null;
  switch (message.type) {
    case 'init':
      return isRecord(message.options) && typeof message.options.appRoot === 'string' && typeof message.options.dataDir === 'string' ? (message as ShellToHostMessage) : null;
    case 'call':
      return Number.isInteger(message.id) && typeof message.method === 'string' ? (message as ShellToHostMessage) : null;
    case 'capability-result':
      return Number.isInteger(message.id) && isEnvelope(message.envelope) ? (message as ShellToHostMessage) : null;
    case 'shutdown':
      return { type: 'shutdown' };
    default:
      return null;
  }
}

/** Shape check of a message from the host: the shell never forwards what it cannot name. */
export function parseHostMessage(message: unknown): HostToShellMessage | null {
  if (!isRecord(message)) return null;
  switch (message.type) {
    case 'ready':
    case 'closed':
      return { type: message.type };
    case 'init-failed':
      return isRecord(message.error) && typeof message.error.message === 'string' ? (message as HostToShellMessage) : null;
    case 'result':
      return Number.isInteger(message.id) && isEnvelope(message.envelope) ? (message as HostToShellMessage) : null;
    case 'event':
      return isEventName(message.name) ? (message as HostToShellMessage) : null;
    case 'capability':
      return Number.isInteger(message.id) && (CAPABILITIES as readonly unknown[]).includes(message.name) ? (message as HostToShellMessage) : null;
    default:
      return null;
  }
}

function toError(error: SerializedError | { code: string; message: string; details?: unknown }): RegimeLabError {
  return deserializeError({ code: isErrorCode(error.code) ? error.code : 'E_INTERNAL', message: error.message, details: error.details });
}

export type Capabilities = { [C in CapabilityName]?: (input: never) => Promise<unknown> };

/**
 * The shell's side: a ServicesEndpoint whose calls travel to the host. Calls in flight when the
 * host dies reject with E_INTERNAL; `exited()` tells the shell to start a new host.
 */
export class RemoteServices implements ServicesEndpoint {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Set<(event: EventName, payload: unknown) => void>();
  private readonly unsubscribe: () => void;
  private closedWaiter: (() => void) | null = null;
  private dead: string | null = null;

  private constructor(
    private readonly channel: MessageChannelLike,
    private readonly capabilities: Capabilities,
  ) {
    this.unsubscribe = channel.onMessage((raw) => this.receive(raw));
  }

  /** Sends `init` and resolves once the host has opened the Workstation. */
  static async start(channel: MessageChannelLike, options: ServicesHostOptions, capabilities: Capabilities = {}, timeoutMs = 120_000): Promise<RemoteServices> {
    const remote = new RemoteServices(channel, capabilities);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RegimeLabError('E_INTERNAL', `the services host did not start within ${timeoutMs} ms`)), timeoutMs);
      remote.onStartup = (error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      channel.post({ type: 'init', options } satisfies ShellToHostMessage);
    });
    return remote;
  }

  private onStartup: ((error: Error | null) => void) | null = null;

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    if (this.dead) return Promise.reject(new RegimeLabError('E_INTERNAL', this.dead));
    const id = this.nextId++;
    return new Promise<MethodOutput<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.channel.post({ type: 'call', id, method, input } satisfies ShellToHostMessage);
    });
  }

  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The host process ended: reject everything in flight; later calls fail fast. */
  exited(reason: string): void {
    if (this.dead) return;
    this.dead = reason;
    for (const { reject } of this.pending.values()) reject(new RegimeLabError('E_INTERNAL', reason));
    this.pending.clear();
    this.onStartup?.(new RegimeLabError('E_INTERNAL', reason));
    this.onStartup = null;
    this.closedWaiter?.();
    this.unsubscribe();
  }

  /** Asks the host to close the Workstation (jobs cancelled, store closed) and waits for it. */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.dead) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.closedWaiter = () => {
        clearTimeout(timer);
        resolve();
      };
      this.channel.post({ type: 'shutdown' } satisfies ShellToHostMessage);
    });
    this.exited('the services host was shut down');
  }

  private receive(raw: unknown): void {
    const message = parseHostMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.onStartup?.(null);
        this.onStartup = null;
        return;
      case 'init-failed':
        this.onStartup?.(toError(message.error));
        this.onStartup = null;
        return;
      case 'result': {
        const waiter = this.pending.get(message.id);
        if (!waiter) return;
        this.pending.delete(message.id);
        if (message.envelope.ok) waiter.resolve(message.envelope.value);
        else waiter.reject(toError(message.envelope.error));
        return;
      }
      case 'event':
        for (const listener of this.listeners) listener(message.name, message.payload);
        return;
      case 'capability':
        void this.answerCapability(message.id, message.name, message.input);
        return;
      case 'closed':
        this.closedWaiter?.();
        return;
    }
  }

  private async answerCapability(id: number, name: CapabilityName, input: unknown): Promise<void> {
    let envelope: CallEnvelope;
    try {
      const capability = this.capabilities[name];
      if (!capability) throw new RegimeLabError('E_REFUSED', `the shell offers no ${name}`);
      envelope = { ok: true, value: await capability(input as never) };
    } catch (error) {
      envelope = { ok: false, error: serializeError(error) };
    }
    if (!this.dead) this.channel.post({ type: 'capability-result', id, envelope } satisfies ShellToHostMessage);
  }
}

/**
 * One endpoint whose target can be replaced (a restarted services host) while transports keep
 * their subscriptions: listeners attach to the relay, the relay to the current target.
 */
export class RelayServices implements ServicesEndpoint {
  private readonly listeners = new Set<(event: EventName, payload: unknown) => void>();
  private detach: () => void = () => {};

  constructor(private target: ServicesEndpoint) {
    this.attach();
  }

  replace(target: ServicesEndpoint): void {
    this.detach();
    this.target = target;
    this.attach();
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    return this.target.call(method, input);
  }

  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private attach(): void {
    this.detach = this.target.onAny((event, payload) => {
      for (const listener of this.listeners) listener(event, payload);
    });
  }
}

// ---- channel adapters -------------------------------------------------------------------------

type NodeIpcProcess = { send?(message: object): boolean; on(event: 'message', listener: (message: unknown) => void): unknown; off(event: 'message', listener: (message: unknown) => void): unknown };

/** The host's side of a Node child process started with an IPC channel (serialization: 'advanced'). */
export function nodeProcessChannel(proc: NodeIpcProcess): MessageChannelLike {
  if (!proc.send) throw new Error('this process has no IPC channel to its parent');
  const send = proc.send.bind(proc);
  return {
    post: (message) => void send(message as object),
    onMessage: (listener) => {
      proc.on('message', listener);
      return () => void proc.off('message', listener);
    },
  };
}

/** The parent's side of such a child process (a ChildProcess). */
export const childProcessChannel: (child: NodeIpcProcess) => MessageChannelLike = nodeProcessChannel;

type ParentPortLike = { postMessage(message: unknown): void; on(event: 'message', listener: (event: { data: unknown }) => void): unknown; off(event: 'message', listener: (event: { data: unknown }) => void): unknown };

/** The host's side inside an Electron utility process (process.parentPort). */
export function parentPortChannel(port: ParentPortLike): MessageChannelLike {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => {
      const unwrap = (event: { data: unknown }) => listener(event.data);
      port.on('message', unwrap);
      return () => void port.off('message', unwrap);
    },
  };
}

type UtilityProcessLike = { postMessage(message: unknown): void; on(event: 'message', listener: (message: unknown) => void): unknown; off(event: 'message', listener: (message: unknown) => void): unknown };

/** The shell's side of an Electron UtilityProcess. */
export function utilityProcessChannel(child: UtilityProcessLike): MessageChannelLike {
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => {
      child.on('message', listener);
      return () => void child.off('message', listener);
    },
  };
}
