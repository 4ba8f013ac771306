import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGatewaySchema, printGatewaySchema } from '../src/schema/build';

/** Writes schema.graphql from the code (`npm run schema`); a test fails when the file drifts. */
async function main(): Promise<void> {
  const path = join(__dirname, '..', '..', 'schema.graphql');
  writeFileSync(path, printGatewaySchema(await buildGatewaySchema()));
  console.log(`wrote ${path}`);
}

void main();
