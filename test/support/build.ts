import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Jest global setup: compile the service once, as `npm start` runs it, for the tests that start the process. */
export default function build(): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: join(__dirname, '..', '..'),
    stdio: 'inherit',
  });
}
