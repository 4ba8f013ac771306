import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

/**
 * Real PFX files for tests, packed by the openssl command line in the encryptions found in the wild:
 * - `aes`: OpenSSL 3's default (PBES2 + AES-256-CBC, HMAC-SHA256 MAC);
 * - `legacy`: `-legacy` (RC2-40 for certificates, 3DES for the key, SHA-1 MAC), as older Windows exports;
 * - `3des`: TripleDES-SHA1 for both, the "TripleDES-SHA1" choice of Windows' export wizard.
 * The certificate is signed by node-forge so that its validity window can be anywhere in time.
 */
export type PfxEncryption = 'aes' | 'legacy' | '3des';

export interface TestPfx {
  /** base64 of the PFX file. */
  pkcs12Value: string;
  password: string;
  /** What Graph should report, computed independently by Node's X509Certificate. */
  thumbprint: string;
  notBefore: Date;
  notAfter: Date;
}

const ENCRYPTION_ARGS: Record<PfxEncryption, string[]> = {
  aes: [],
  legacy: ['-legacy'],
  '3des': ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
};

export function makePfx(
  options: {
    password?: string;
    encryption?: PfxEncryption;
    notBefore?: Date;
    notAfter?: Date;
    commonName?: string;
  } = {},
): TestPfx {
  const password = options.password ?? 'CertificatePassword';
  const notBefore = options.notBefore ?? new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = wholeSeconds(notBefore);
  cert.validity.notAfter = wholeSeconds(notAfter);
  const subject = [{ name: 'commonName', value: options.commonName ?? 'api-connector-test' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);

  const dir = mkdtempSync(join(tmpdir(), 'pfx-'));
  try {
    writeFileSync(join(dir, 'key.pem'), keyPem);
    writeFileSync(join(dir, 'cert.pem'), certPem);
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-inkey',
        'key.pem',
        '-in',
        'cert.pem',
        '-passout',
        'env:PFX_PASSWORD',
        '-out',
        'out.pfx',
        ...ENCRYPTION_ARGS[options.encryption ?? 'aes'],
      ],
      { cwd: dir, env: { ...process.env, PFX_PASSWORD: password }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const x509 = new X509Certificate(certPem);
    return {
      pkcs12Value: readFileSync(join(dir, 'out.pfx')).toString('base64'),
      password,
      thumbprint: x509.fingerprint.replace(/:/g, ''),
      notBefore: new Date(x509.validFrom),
      notAfter: new Date(x509.validTo),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PFX's certificate as the API reports it in certificateList. */
export function reportedCertificate(pfx: TestPfx, isActive = true) {
  return {
    thumbprint: pfx.thumbprint,
    notBefore: pfx.notBefore.toISOString(),
    notAfter: pfx.notAfter.toISOString(),
    isActive,
  };
}

/** openssl's description of the PFX's encryption (`pkcs12 -info`), so tests can show which kind they sent. */
export function describePfx(pfx: TestPfx): string {
  const result = spawnSync(
    'openssl',
    ['pkcs12', '-info', '-noout', '-legacy', '-passin', 'env:PFX_PASSWORD'],
    {
      input: Buffer.from(pfx.pkcs12Value, 'base64'),
      env: { ...process.env, PFX_PASSWORD: pfx.password },
    },
  );
  return `${result.stdout}${result.stderr}`;
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
