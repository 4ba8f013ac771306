import { parentPort } from 'node:worker_threads';
import { Pkcs12Error, readPkcs12 } from './read';

/**
 * A thread of the PKCS#12 reader pool (read-pool.ts): opens one PFX per message with readPkcs12 and
 * answers with what it holds or why it could not be used. The file and its password only ever travel
 * between this thread and the pool, in memory.
 */
export interface ReadTask {
  id: number;
  pkcs12Value: string;
  password: string;
}

export type ReadAnswer =
  | { id: number; info: { thumbprint: string; notBefore: Date; notAfter: Date } }
  | { id: number; problem: Pkcs12Error['problem'] }
  | { id: number; failure: string };

parentPort?.on('message', ({ id, pkcs12Value, password }: ReadTask) => {
  let answer: ReadAnswer;
  try {
    answer = { id, info: readPkcs12(pkcs12Value, password) };
  } catch (error) {
    answer =
      error instanceof Pkcs12Error
        ? { id, problem: error.problem }
        : { id, failure: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});
