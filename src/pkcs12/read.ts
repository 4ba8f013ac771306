import { createHash } from 'node:crypto';
import forge from 'node-forge';

/**
 * Opening PKCS#12 (PFX) files: used by input validation in the gateway and by the emulator,
 * which reports what Graph reports for an uploaded file.
 *
 * node-forge is used because Node's own crypto cannot read PKCS#12, and the OpenSSL bundled with
 * Node 20 has no legacy provider: the 3DES/RC2 files that Windows exports would not open there.
 * forge opens both those and OpenSSL 3's default (PBES2, AES-256-CBC, HMAC-SHA256 MAC).
 */

/** Largest PFX file accepted, in bytes: a leaf certificate, its key and a full chain fit many times over. */
export const MAX_PKCS12_BYTES = 64 * 1024;
/** The base64 text of a file of MAX_PKCS12_BYTES. */
export const MAX_PKCS12_BASE64_LENGTH = Math.ceil(MAX_PKCS12_BYTES / 3) * 4;

export type Pkcs12Problem = 'not-base64' | 'too-large' | 'not-pkcs12' | 'wrong-password' | 'no-certificate';

/** Why a PFX could not be used. The message never quotes the file or its password. */
export class Pkcs12Error extends Error {
  constructor(readonly problem: Pkcs12Problem) {
    super(PROBLEM_MESSAGES[problem]);
    this.name = 'Pkcs12Error';
  }
}

const PROBLEM_MESSAGES: Record<Pkcs12Problem, string> = {
  'not-base64': 'is not valid base64',
  'too-large': `is larger than ${MAX_PKCS12_BYTES} bytes`,
  'not-pkcs12': 'is not a PKCS#12 (PFX) file',
  'wrong-password': 'does not open with the given password',
  'no-certificate': 'holds no certificate',
};

export interface CertificateInfo {
  /** SHA-1 of the certificate's DER encoding, 40 upper-case hex digits (Graph's `thumbprint`). */
  thumbprint: string;
  notBefore: Date;
  notAfter: Date;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes standard base64 (line breaks allowed, as `base64` and certutil wrap their output). */
export function decodePkcs12Base64(value: string): Buffer {
  const compact = value.replace(/\r?\n/g, '');
  if (compact.length === 0 || !BASE64.test(compact)) throw new Pkcs12Error('not-base64');
  if (compact.length > MAX_PKCS12_BASE64_LENGTH) throw new Pkcs12Error('too-large');
  return Buffer.from(compact, 'base64');
}

/**
 * Opens a base64 PFX with its password and describes the certificate it is for: the one whose
 * `localKeyId` matches the private key's, else the first certificate in the file.
 */
export function readPkcs12(pkcs12Value: string, password: string): CertificateInfo {
  const der = decodePkcs12Base64(pkcs12Value);
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
    p12 = openPfx(asn1, password);
  } catch (error) {
    if (error instanceof Pkcs12Error) throw error;
    throw new Pkcs12Error('not-pkcs12');
  }
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const certificates = certBags.filter((bag) => bag.cert);
  if (certificates.length === 0) throw new Pkcs12Error('no-certificate');
  const keyIds = new Set(
    [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag].flatMap((bagType) =>
      (p12.getBags({ bagType })[bagType] ?? []).flatMap((bag) => bag.attributes.localKeyId ?? []),
    ),
  );
  const leaf =
    certificates.find((bag) => (bag.attributes.localKeyId ?? []).some((id: string) => keyIds.has(id))) ??
    certificates[0];
  const cert = leaf.cert!;
  const certDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return {
    thumbprint: createHash('sha1').update(certDer).digest('hex').toUpperCase(),
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
  };
}

function openPfx(asn1: forge.asn1.Asn1, password: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (error) {
    // forge reports a MAC mismatch ("Invalid password?") or a failed decryption of a bag; any other
    // failure is a structure it does not recognise as PKCS#12.
    const message = error instanceof Error ? error.message : String(error);
    if (/password|decrypt|MAC/i.test(message)) throw new Pkcs12Error('wrong-password');
    throw new Pkcs12Error('not-pkcs12');
  }
}
