// A small pool of worker_threads behind comlink: tasks queue until a worker is free, each worker
// runs one task at a time, and a worker that crashes fails its task with a clear error and is
// replaced. Workers start lazily, so a CLI command that never computes never spawns one.

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import { Worker } from 'node:worker_threads';
import { RegimeLabError } from '../../../core/errors.ts';
import { installErrorTransfer } from '../../../workers/comlink-errors.ts';

installErrorTransfer();

type Slot<Api> = { worker: Worker; remote: Comlink.Remote<Api>; busy: boolean; crashed: Promise<never> };
type Task<Api> = { run: (api: Comlink.Remote<Api>) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

export class WorkerPool<Api> {
  private readonly slots: Slot<Api>[] = [];
  private readonly queue: Task<Api>[] = [];
  private closed = false;
  spawned = 0;

  constructor(
    private readonly entryPath: string,
    private readonly size: number,
    private readonly name: string,
  ) {
    if (!(size >= 1)) throw new RangeError(`worker pool ${name}: size must be ≥ 1, got ${size}`);
  }

  get workerCount(): number {
    return this.slots.length;
  }

  run<T>(task: (api: Comlink.Remote<Api>) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new RegimeLabError('E_REFUSED', `${this.name} worker pool is shut down`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: task, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new RegimeLabError('E_CANCELLED', `${this.name} worker pool shut down`));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.busy = true;
      // A busy worker keeps the process alive (a CLI awaiting a result must not exit); an idle one does not.
      slot.worker.ref();
      const current = slot;
      Promise.race([task.run(current.remote), current.crashed])
        .then(task.resolve, task.reject)
        .finally(() => {
          current.busy = false;
          current.worker.unref();
          this.dispatch();
        });
    }
  }

  private spawn(): Slot<Api> {
    const worker = new Worker(this.entryPath, { name: this.name });
    this.spawned++;
    let fail: (error: unknown) => void = () => {};
    const crashed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    crashed.catch(() => {}); // observed through Promise.race only while a task runs
    const slot: Slot<Api> = { worker, remote: Comlink.wrap<Api>(nodeEndpoint(worker)), busy: false, crashed };
    const retire = (reason: string) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      fail(new RegimeLabError('E_INTERNAL', `${this.name} worker crashed (${reason}); the task was not completed and a fresh worker will take the next one`));
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (error) => retire(error.message));
    worker.on('exit', (code) => {
      if (!this.closed) retire(`exit code ${code}`);
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}
