import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH_ERRORS, AuthReason } from '../src/auth/errors';

/** Every auth error is documented (docs/authentication.md) with its code and its message. */
describe('the documented auth errors', () => {
  const doc = readFileSync(join(__dirname, '..', 'docs', 'authentication.md'), 'utf8')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
  const rows = new Map(
    doc
      .split('\n')
      .map((line) => /^\|\s*`(\w+)`\s*\|\s*`(\w+)`\s*\|\s*(.*?)\s*\|.*\|$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[2], { code: match[1], message: match[3] }]),
  );

  it.each(Object.values(AuthReason))('documents %s with its code and message', (reason) => {
    const rule = AUTH_ERRORS[reason];
    expect(rows.get(reason)?.code).toBe(rule.code);
    // Word for word; a message with a detail (an expected value) has a <placeholder> in its place.
    const documented = rows.get(reason)!.message;
    if (documented !== rule.message()) {
      const [before, after] = rule.message('\u0000').split('\u0000');
      expect(documented).toMatch(new RegExp(`^${escape(before)}<[^>]+>${escape(after)}$`));
    }
  });

  it('documents no reason the code does not have', () => {
    expect([...rows.keys()].sort()).toEqual(Object.values(AuthReason).sort());
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
