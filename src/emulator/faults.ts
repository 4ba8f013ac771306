import { defaultErrorFor } from './errors';
import type { Outgoing } from './http';

/**
 * Fault injection: the upstream failures a Graph client must survive (reference/hardening.md), on demand.
 * Faults are matched against each Graph request in the order they were added; each applies to `times`
 * matching requests and is then gone.
 */

export type FaultAction = 'respond' | 'hang' | 'reset' | 'lose-response';

export interface FaultSpec {
  /** HTTP method to match (any case); every method when absent. */
  method?: string;
  /** Case-insensitive substring of the request's path and query; every path when absent. */
  path?: string;
  /** Status of the answer (400-599), for action 'respond'. */
  status?: number;
  /** Graph error code; by default the one Graph uses for the status (see errors.ts). */
  code?: string;
  /** `Retry-After` header, in seconds (or an HTTP date), as Graph sends on 429 and 503. */
  retryAfter?: number | string;
  /** A raw body sent as text/html instead of Graph's JSON error, as a proxy or load balancer would. */
  body?: string;
  /** Delay before answering; alone it delays the normal answer. */
  latencyMs?: number;
  /** How many matching requests it applies to: 1 by default, Infinity for all. */
  times?: number;
  /**
   * 'respond' (default) answers with `status`; 'hang' never answers; 'reset' drops the connection
   * without processing the request; 'lose-response' processes the request for real, then drops the
   * connection without answering (the write happened, the client cannot know).
   */
  action?: FaultAction;
}

/** A fault spec that cannot be applied; the message says which field is wrong. */
export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSpecError';
  }
}

const ACTIONS: readonly FaultAction[] = ['respond', 'hang', 'reset', 'lose-response'];
const FIELDS = ['method', 'path', 'status', 'code', 'retryAfter', 'body', 'latencyMs', 'times', 'action'];

/**
 * Random faults for load tests: each request that no scripted fault takes fails with probability
 * `rate`, with one of `faults` picked at random. A seed makes a run repeatable.
 */
export interface RandomFaults {
  seed: number;
  /** Share of requests that fail, from 0 to 1. */
  rate: number;
  /** What a failing request gets; `times` does not apply. */
  faults: FaultSpec[];
}

export class FaultInjector {
  private readonly pending: Array<{ spec: FaultSpec; remaining: number }> = [];
  private random?: { rate: number; faults: FaultSpec[]; next: () => number };

  /** Turns random faults on (replacing earlier random faults); throws FaultSpecError on a bad setting. */
  setRandom(settings: RandomFaults): void {
    const { seed, rate, faults } = settings ?? ({} as RandomFaults);
    if (!Number.isInteger(seed)) throw new FaultSpecError("'seed' must be an integer.");
    if (!(typeof rate === 'number' && rate >= 0 && rate <= 1))
      throw new FaultSpecError("'rate' must be from 0 to 1.");
    if (!Array.isArray(faults) || faults.length === 0)
      throw new FaultSpecError("'faults' must list at least one fault.");
    this.random = {
      rate,
      faults: faults.map((fault) => checkFaultSpec({ ...fault, times: 1 })),
      next: mulberry32(seed),
    };
  }

  /** Adds a fault after the existing ones; throws FaultSpecError when the spec is not usable. */
  add(spec: FaultSpec): void {
    const checked = { ...checkFaultSpec(spec) };
    this.pending.push({ spec: checked, remaining: checked.times ?? 1 });
  }

  clear(): void {
    this.pending.length = 0;
    this.random = undefined;
  }

  /** The first fault that matches the request, counted as used. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.pending.findIndex(
      ({ spec }) =>
        (spec.method === undefined || spec.method.toUpperCase() === method.toUpperCase()) &&
        (spec.path === undefined || path.toLowerCase().includes(spec.path.toLowerCase())),
    );
    if (index < 0) return this.takeRandom();
    const fault = this.pending[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending.splice(index, 1);
    return fault.spec;
  }

  private takeRandom(): FaultSpec | undefined {
    if (!this.random || this.random.next() >= this.random.rate) return undefined;
    const { faults, next } = this.random;
    return faults[Math.floor(next() * faults.length)];
  }
}

/** mulberry32: a small seeded generator of numbers in [0, 1), enough to repeat a fault pattern. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The answer of a 'respond' fault: Graph's error body with the code Graph uses for the status (or the
 * spec's), or the spec's raw body as text/html, as an intermediary's error page would be.
 */
export function faultAnswer(fault: FaultSpec & { status: number }): Outgoing {
  const headers: Record<string, string> =
    fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
  if (fault.body !== undefined) return { status: fault.status, html: fault.body, headers };
  const defaults = defaultErrorFor(fault.status);
  return {
    status: fault.status,
    error: { code: fault.code ?? defaults.code, message: defaults.message },
    headers,
  };
}

/** Validates a spec from code or from `POST /_emulator/faults`, so a typo fails loudly instead of never firing. */
function checkFaultSpec(spec: unknown): FaultSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new FaultSpecError('A fault is a JSON object.');
  }
  const s = spec as Record<string, unknown>;
  const fail = (message: string): never => {
    throw new FaultSpecError(message);
  };
  const unknown = Object.keys(s).find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) fail(`Unknown fault field '${unknown}'; fields: ${FIELDS.join(', ')}.`);
  for (const field of ['method', 'path', 'code', 'body']) {
    if (s[field] !== undefined && typeof s[field] !== 'string') fail(`'${field}' must be a string.`);
  }
  const action = s.action ?? 'respond';
  if (!ACTIONS.includes(action as FaultAction)) fail(`'action' must be one of ${ACTIONS.join(', ')}.`);
  if (
    s.status !== undefined &&
    !(Number.isInteger(s.status) && atLeast(s.status, 400) && !atLeast(s.status, 600))
  ) {
    fail("'status' must be an integer from 400 to 599.");
  }
  if (
    s.retryAfter !== undefined &&
    !atLeast(s.retryAfter, 0) &&
    !(typeof s.retryAfter === 'string' && s.retryAfter)
  ) {
    fail("'retryAfter' must be a non-negative number of seconds or a non-empty string.");
  }
  if (s.latencyMs !== undefined && !atLeast(s.latencyMs, 0))
    fail("'latencyMs' must be a non-negative number.");
  if (
    s.times !== undefined &&
    !(s.times === Infinity || (Number.isInteger(s.times) && atLeast(s.times, 1)))
  ) {
    fail("'times' must be a positive integer (or Infinity).");
  }
  const shapesAnswer = ['code', 'retryAfter', 'body'].find((field) => s[field] !== undefined);
  if (s.status === undefined && shapesAnswer) fail(`'${shapesAnswer}' needs a 'status'.`);
  if (s.status !== undefined && action !== 'respond')
    fail(`'status' does not apply to action '${String(action)}'.`);
  if (action === 'respond' && s.status === undefined && s.latencyMs === undefined) {
    fail("A fault needs a 'status', a 'latencyMs' or an 'action' other than 'respond'.");
  }
  return s as FaultSpec;
}

function atLeast(value: unknown, min: number): boolean {
  return typeof value === 'number' && !Number.isNaN(value) && value >= min && value !== Infinity;
}
