import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Pkcs12Error, type CertificateInfo } from './read';
import type { ReadAnswer, ReadTask } from './read.worker';

/**
 * Opens PKCS#12 files on worker threads. node-forge derives the keys in JavaScript: one file takes tens
 * of milliseconds of CPU (docs/performance.md), and on the event loop a burst of certificate uploads
 * would stall every other request. Here the loop only posts the file and awaits the answer.
 *
 * Threads start on first use (start-up and cold start pay nothing), are kept for the life of the
 * process without keeping it alive when idle, and are replaced if one dies. Files wait in order when
 * every thread is busy; each request's body limit bounds what one of them can hold.
 */
export interface Pkcs12ReaderPoolOptions {
  /** Threads; default one fewer than the CPUs, at least 1, at most 4. */
  size?: number;
  /** The compiled worker script; default read.worker.js beside this module (see workerScript). */
  script?: string;
}

/**
 * node-forge makes a lot of short-lived garbage: left to V8's defaults a thread's young generation grows
 * to 16 MiB semi-spaces (some 50 MiB of RSS per thread under a burst). Small limits keep a thread near
 * 20 MiB at the same speed; one PFX of MAX_PKCS12_BYTES needs a few MiB.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 };

interface Task extends ReadTask {
  resolve(info: CertificateInfo): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  task?: Task;
}

export class Pkcs12ReaderPool {
  private readonly size: number;
  private readonly script: string;
  private readonly threads: Thread[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: Pkcs12ReaderPoolOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.script = options.script ?? workerScript();
  }

  /** What readPkcs12 answers, from a worker thread; rejects with the same Pkcs12Error for a bad file. */
  read(pkcs12Value: string, password: string): Promise<CertificateInfo> {
    if (this.closed) return Promise.reject(new Error('The PKCS#12 reader pool is closed.'));
    return new Promise<CertificateInfo>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, pkcs12Value, password, resolve, reject });
      this.dispatch();
    });
  }

  /** Files waiting for a thread (for tests and diagnostics). */
  get waiting(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('The PKCS#12 reader pool is closed.'));
    await Promise.all(this.threads.splice(0).map((thread) => thread.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let thread = this.threads.find((candidate) => candidate.task === undefined);
      if (!thread && this.threads.length < this.size) thread = this.start();
      if (!thread) return;
      const task = this.queue.shift()!;
      thread.task = task;
      thread.worker.ref();
      thread.worker.postMessage({ id: task.id, pkcs12Value: task.pkcs12Value, password: task.password });
    }
  }

  private start(): Thread {
    const worker = new Worker(this.script, { resourceLimits: WORKER_LIMITS });
    const thread: Thread = { worker };
    worker.unref();
    worker.on('message', (answer: ReadAnswer) => {
      const task = thread.task;
      if (!task || task.id !== answer.id) return;
      thread.task = undefined;
      worker.unref();
      if ('info' in answer) task.resolve(answer.info);
      else if ('problem' in answer) task.reject(new Pkcs12Error(answer.problem));
      else task.reject(new Error(`Opening a PKCS#12 file failed: ${answer.failure}`));
      this.dispatch();
    });
    const lost = (error: Error) => {
      const index = this.threads.indexOf(thread);
      if (index === -1) return;
      this.threads.splice(index, 1);
      thread.task?.reject(error);
      thread.task = undefined;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`A PKCS#12 reader thread stopped (exit code ${code}).`)));
    this.threads.push(thread);
    return thread;
  }
}

/**
 * read.worker.js beside this module once compiled (dist/src/pkcs12). Under the TypeScript sources
 * (jest runs them through swc, and a worker thread cannot), the compiled twin that `npm run build`
 * writes, which jest's global setup runs first.
 */
export function workerScript(): string {
  const beside = join(__dirname, 'read.worker.js');
  if (existsSync(beside)) return beside;
  const compiled = join(__dirname, '..', '..', 'dist', 'src', 'pkcs12', 'read.worker.js');
  if (existsSync(compiled)) return compiled;
  throw new Error(`No compiled PKCS#12 reader thread at ${beside} or ${compiled}: run npm run build.`);
}

let shared: Pkcs12ReaderPool | undefined;

/** The process's pool, made on first use. */
export function sharedPkcs12Reader(): Pkcs12ReaderPool {
  shared ??= new Pkcs12ReaderPool();
  return shared;
}
