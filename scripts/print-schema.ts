import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraph } from '../src/schema/build';

/** Writes schema.graphql from the code (`npm run schema`); a test fails when the file drifts. */
async function main(): Promise<void> {
  const path = join(__dirname, '..', '..', 'schema.graphql');
  writeFileSync(path, (await buildSubgraph()).sdl);
  console.log(`wrote ${path}`);
}

void main();
