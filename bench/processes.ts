import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The bench's processes: each server (emulator, proxies, gateway) is a child process of its own, so
 * that its CPU time and memory can be read from /proc and nothing it does runs on the load tool's thread.
 */

export interface Server {
  name: string;
  /** http://127.0.0.1:PORT */
  url: string;
  process: ChildProcess;
  /** What the process wrote on stderr, for a failure report. */
  stderr: string[];
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `node [nodeArgs] <script>` with `env` on top of this process's environment (less the keys set to
 * undefined). stdout goes to /dev/null: the servers log JSON lines there, and reading them here would
 * put their cost on the load tool.
 */
export function startNode(
  name: string,
  script: string,
  port: number,
  env: Record<string, string | undefined>,
  /** Flags for node itself, before the script (e.g. V8 heap sizes). */
  nodeArgs: readonly string[] = [],
): Server {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: merged,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 200) stderr.push(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    process: child,
    stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export interface HttpAnswer {
  status: number;
  text: string;
}

/** One HTTP request over a fresh connection (no agent: nothing stays open between polls). */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.end(options.body);
  });
}

/**
 * Polls until `answered` accepts an answer; resolves with the milliseconds since `since`
 * (performance.now()). Rejects when the process exits or after `timeoutMs`.
 */
export async function waitUntilAnswered(
  server: Server,
  probe: () => Promise<HttpAnswer>,
  answered: (answer: HttpAnswer) => boolean,
  since: number,
  timeoutMs = 30_000,
): Promise<number> {
  for (;;) {
    if (server.process.exitCode !== null) {
      throw new Error(`${server.name} exited (${server.process.exitCode}): ${server.stderr.join('')}`);
    }
    try {
      const answer = await probe();
      if (answered(answer)) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeoutMs) {
      throw new Error(`${server.name} did not answer within ${timeoutMs} ms: ${server.stderr.join('')}`);
    }
    await sleep(2);
  }
}

const CLOCK_TICKS_PER_SECOND = clockTicks();

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** CPU time (user + system) the process has used so far, in microseconds (Linux /proc). */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size now and its peak over the process's life (VmRSS, VmHWM), in MiB. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/**
 * Waits until the processes are idle (at most one clock tick, 10 ms, each over 200 ms), at most
 * `timeoutMs`: work left over from one run (requests the load tool abandoned when it stopped) must not
 * land on the next.
 */
export async function settle(pids: number[], timeoutMs = 20_000): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const before = pids.map(cpuMicros);
    await sleep(200);
    const busy = pids.some((pid, index) => cpuMicros(pid) - before[index] > 1e6 / CLOCK_TICKS_PER_SECOND);
    if (!busy) return;
  }
}
