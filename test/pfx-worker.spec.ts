import { Pkcs12Error, readPkcs12 } from '../src/pkcs12/read';
import { Pkcs12ReaderPool } from '../src/pkcs12/read-pool';
import { makePfx } from './support/pfx';

/**
 * PKCS#12 files are opened on worker threads (docs/performance.md): the answers must be readPkcs12's,
 * and the event loop must stay free while a file is being opened.
 */
describe('opening PKCS#12 files on worker threads', () => {
  const pfx = makePfx({ password: 'Thread-Password' });
  const legacy = makePfx({ password: 'Legacy-Password', encryption: 'legacy' });
  let pool: Pkcs12ReaderPool;
  beforeEach(() => {
    pool = new Pkcs12ReaderPool({ size: 1 });
  });
  afterEach(async () => {
    await pool.close();
  });

  it('answers what readPkcs12 answers, for the modern and the legacy encryption', async () => {
    for (const file of [pfx, legacy]) {
      await expect(pool.read(file.pkcs12Value, file.password)).resolves.toEqual(
        readPkcs12(file.pkcs12Value, file.password),
      );
      await expect(pool.read(file.pkcs12Value, file.password)).resolves.toEqual({
        thumbprint: file.thumbprint,
        notBefore: file.notBefore,
        notAfter: file.notAfter,
      });
    }
  });

  it('rejects a bad file with the Pkcs12Error readPkcs12 throws', async () => {
    const cases: Array<[string, string, Pkcs12Error['problem']]> = [
      [pfx.pkcs12Value, 'not-the-password', 'wrong-password'],
      ['not base64!', pfx.password, 'not-base64'],
      [Buffer.from('hello, not a PFX').toString('base64'), pfx.password, 'not-pkcs12'],
    ];
    for (const [value, password, problem] of cases) {
      const failure = await pool.read(value, password).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Pkcs12Error);
      expect((failure as Pkcs12Error).problem).toBe(problem);
    }
  });

  it('keeps the event loop turning while files are being opened', async () => {
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    const reads = Array.from({ length: 4 }, () => pool.read(pfx.pkcs12Value, pfx.password));
    // Opened on this thread, four files would block it for their whole duration: no tick would run.
    const turnsWhileFirstOpens = await reads[0].then(() => turns);
    await Promise.all(reads);
    clearInterval(ticker);

    expect(turnsWhileFirstOpens).toBeGreaterThan(0);
    expect(turns).toBeGreaterThan(turnsWhileFirstOpens);
  });

  it('queues files beyond its threads and answers each one', async () => {
    const reads = Array.from({ length: 3 }, (_, index) =>
      pool.read(
        index === 1 ? legacy.pkcs12Value : pfx.pkcs12Value,
        index === 1 ? legacy.password : pfx.password,
      ),
    );
    expect(pool.waiting).toBe(2);

    const answers = await Promise.all(reads);

    expect(answers.map((answer) => answer.thumbprint)).toEqual([
      pfx.thumbprint,
      legacy.thumbprint,
      pfx.thumbprint,
    ]);
  });

  it('goes on after a thread dies, failing only the file it held', async () => {
    const first = pool.read(pfx.pkcs12Value, pfx.password);
    const second = pool.read(pfx.pkcs12Value, pfx.password);
    // Stop the running thread, as a crash would.
    await (
      pool as unknown as { threads: Array<{ worker: { terminate(): Promise<number> } }> }
    ).threads[0].worker.terminate();

    await expect(first).rejects.toThrow(/thread stopped/);
    await expect(second).resolves.toMatchObject({ thumbprint: pfx.thumbprint });
  });

  it('refuses work once closed', async () => {
    await pool.close();

    await expect(pool.read(pfx.pkcs12Value, pfx.password)).rejects.toThrow(/closed/);
  });
});
