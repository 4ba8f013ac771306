import type { RequestBody } from './connector';
import { badRequest, GraphError, methodNotAllowed } from './errors';
import { FaultSpecError, type FaultInjector, type FaultSpec, type RandomFaults } from './faults';
import { errorAnswer, type Outgoing } from './http';

/**
 * Test-only control routes under `/_emulator`, outside Graph's URL space: they need no token, are not
 * recorded and are never matched by faults, so a test or bench can steer a standalone emulator over HTTP.
 * - `POST /_emulator/faults` with a fault spec (JSON): 204
 * - `DELETE /_emulator/faults`: removes every fault, random ones included, 204
 * - `POST /_emulator/faults/random` with `{seed, rate, faults}` (faults.ts RandomFaults): 204
 * - `GET /_emulator/stats`: how many Graph calls arrived, by method
 * - `POST /_emulator/reset`: empties the store, the faults and the recorded requests, 204
 */

/** Graph calls received since start or the last reset (control routes excluded). */
export interface EmulatorStats {
  requests: number;
  byMethod: Record<string, number>;
}

export function isControlPath(path: string): boolean {
  return /^\/_emulator(?:[/?]|$)/i.test(path);
}

export function handleControl(
  method: string,
  path: string,
  body: RequestBody,
  emulator: { faults: FaultInjector; reset(): void; stats: EmulatorStats },
): Outgoing {
  const route = path.split('?')[0].toLowerCase().replace(/\/+$/, '');
  if (route === '/_emulator/faults/random') {
    if (method !== 'POST') return errorAnswer(methodNotAllowed('POST'));
    if (body.kind !== 'json') return errorAnswer(badRequest('Random faults are a JSON object.'));
    try {
      emulator.faults.setRandom(body.value as RandomFaults);
    } catch (caught) {
      if (caught instanceof FaultSpecError) return errorAnswer(badRequest(caught.message));
      throw caught;
    }
    return { status: 204 };
  }
  if (route === '/_emulator/stats') {
    if (method !== 'GET') return errorAnswer(methodNotAllowed('GET'));
    return { status: 200, json: { ...emulator.stats, byMethod: { ...emulator.stats.byMethod } } };
  }
  if (route === '/_emulator/faults') {
    if (method === 'POST') {
      if (body.kind !== 'json') return errorAnswer(badRequest('A fault is a JSON object.'));
      try {
        emulator.faults.add(body.value as FaultSpec);
      } catch (caught) {
        if (caught instanceof FaultSpecError) return errorAnswer(badRequest(caught.message));
        throw caught;
      }
      return { status: 204 };
    }
    if (method === 'DELETE') {
      emulator.faults.clear();
      return { status: 204 };
    }
    return errorAnswer(methodNotAllowed('POST, DELETE'));
  }
  if (route === '/_emulator/reset') {
    if (method !== 'POST') return errorAnswer(methodNotAllowed('POST'));
    emulator.reset();
    return { status: 204 };
  }
  return errorAnswer(new GraphError(404, 'Request_ResourceNotFound', 'Unknown emulator control route.'));
}
