import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/**
 * `npm start` with no configuration: the compiled service started as a process, with an environment
 * that holds nothing of this project's settings.
 */
describe('starting the service with no configuration', () => {
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let exit: Promise<number | null>;

  beforeAll(async () => {
    const { PATH, HOME } = process.env;
    child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'src', 'main.js')], {
      env: { PATH, HOME, PORT: '0' },
    });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    exit = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 20_000;
    while (!/Authorization: Bearer \S+/.test(stdout)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`service did not start:\n${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  const sandboxUrl = () => /Apollo Sandbox: {2}(http:\/\/localhost:\d+\/graphql)/.exec(stdout)![1];
  const token = () => /Authorization: Bearer (\S+)/.exec(stdout)![1];

  it('says in its log that Graph calls go to the built-in emulator', () => {
    const lines = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.msg)).toContain(
      'Microsoft Graph calls go to the built-in emulator (no GRAPH_BASE_URL, not production)',
    );
  });

  it('serves Sandbox with the example operation and the development token already in place', async () => {
    const response = await fetch(sandboxUrl(), { headers: { accept: 'text/html' } });
    const html = await response.text();
    expect(html).toContain('embeddable-sandbox');
    expect(html).toContain('createApiConnector(input: $input)');
    expect(html).toContain(`Bearer ${token()}`);
  });

  it('runs the example operation with the printed token', async () => {
    const response = await fetch(sandboxUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
      body: JSON.stringify({
        query:
          'mutation($input: CreateApiConnectorInput!) { createApiConnector(input: $input) { displayName authenticationConfiguration { ... on BasicAuthentication { username password } } } }',
        variables: {
          input: {
            displayName: 'Test API',
            targetUrl: 'https://someapi.com/api',
            authenticationConfiguration: { basic: { username: 'MyUsername', password: 'MyPassword' } },
          },
        },
      }),
    });
    expect(await response.json()).toEqual({
      data: {
        createApiConnector: {
          displayName: 'Test API',
          authenticationConfiguration: { username: 'MyUsername', password: '******' },
        },
      },
    });
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stdout).toContain('"msg":"stopped"');
    expect(stdout).not.toContain('MyPassword');
  });
});
