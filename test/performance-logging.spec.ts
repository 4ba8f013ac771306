import { createLogger } from '../src/logger';
import { REDACTED } from '../src/redact';

/**
 * Log redaction walks the logged object once instead of pino's wildcard paths (docs/performance.md):
 * these pin that it still finds every secret field, wherever it is, and changes nothing it was given.
 */
function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('log redaction', () => {
  it('redacts every secret field at any depth, in objects and arrays', () => {
    const { logger, lines, parsed } = capture();
    const logged = {
      password: 'p0',
      graph: {
        body: {
          pkcs12Value: 'p1',
          nested: [{ authorization: 'p2' }, { deeper: { a: { b: { token: 'p3' } } } }],
        },
      },
      list: [{ accessToken: 'p4' }],
      kept: { username: 'MyUsername', status: 200 },
    };

    logger.info(logged, 'a line');

    expect(lines.join('')).not.toMatch(/p[0-4]/);
    expect(parsed()[0]).toMatchObject({
      password: REDACTED,
      graph: {
        body: {
          pkcs12Value: REDACTED,
          nested: [{ authorization: REDACTED }, { deeper: { a: { b: { token: REDACTED } } } }],
        },
      },
      list: [{ accessToken: REDACTED }],
      kept: { username: 'MyUsername', status: 200 },
      msg: 'a line',
    });
    // The caller's object is not changed.
    expect(logged.graph.body.nested[0].authorization).toBe('p2');
    expect(logged.password).toBe('p0');
  });

  it("redacts secrets in a child logger's bindings and in an error's fields and cause", () => {
    const { logger, lines, parsed } = capture();
    const cause = Object.assign(new Error('upstream said no'), { body: { password: 'c1' } });
    const error = Object.assign(new Error('failed', { cause }), { request: { token: 'c2' }, code: 'E_FAIL' });

    logger.child({ session: { accessToken: 'c3' } }).error({ err: error }, 'failure');

    expect(lines.join('')).not.toMatch(/c[1-3]/);
    const line = parsed()[0] as { err: Record<string, unknown>; session: unknown };
    expect(line.session).toEqual({ accessToken: REDACTED });
    expect(line.err).toMatchObject({ code: 'E_FAIL', request: { token: REDACTED } });
    expect(line.err.stack).toEqual(expect.stringContaining('failed'));
    expect(error.request.token).toBe('c2');
  });

  it('logs requests and replies by their safe fields only', () => {
    const { logger, parsed } = capture();
    logger.info(
      {
        req: { method: 'POST', url: '/graphql?x=1', ip: '127.0.0.1', headers: { authorization: 'Bearer t' } },
        res: { statusCode: 200, request: { headers: { authorization: 'Bearer t' } } },
      },
      'request completed',
    );

    expect(parsed()[0]).toMatchObject({
      req: { method: 'POST', path: '/graphql', remoteAddress: '127.0.0.1' },
      res: { statusCode: 200 },
    });
    expect(JSON.stringify(parsed()[0])).not.toContain('Bearer t');
  });
});
