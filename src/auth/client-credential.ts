import { createPrivateKey, hkdfSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NodeAuthOptions } from '@azure/msal-node';
import type { OnBehalfOfAuthConfig } from '../config';
import { ConfigError } from '../config';

/** How the gateway proves its own identity to Entra ID, in msal's terms. */
export interface ClientCredential {
  msal: Pick<NodeAuthOptions, 'clientSecret' | 'clientCertificate'>;
  /**
   * A 32-byte key derived from the credential, that every replica holding the same credential
   * derives alike: it encrypts the shared token cache at rest.
   */
  cacheKey: Buffer;
}

/**
 * The client secret, or the certificate credential read from AUTH_CLIENT_CERTIFICATE_PATH: one PEM
 * file holding the (unencrypted) private key and the certificate uploaded to the app registration.
 * msal signs its client assertions with the key and names the certificate by its SHA-256 thumbprint
 * (x5t#S256). https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 */
export function loadClientCredential(config: OnBehalfOfAuthConfig): ClientCredential {
  if (config.credential.type === 'secret') {
    const secret = config.credential.secret;
    return { msal: { clientSecret: secret }, cacheKey: deriveCacheKey(secret, config.clientId) };
  }
  const path = config.credential.certificatePath;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `AUTH_CLIENT_CERTIFICATE_PATH cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  let privateKey: string;
  let certificate: X509Certificate;
  try {
    privateKey = createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
    certificate = new X509Certificate(pem);
  } catch {
    throw new ConfigError(
      'AUTH_CLIENT_CERTIFICATE_PATH must be a PEM file with an unencrypted private key and its certificate.',
    );
  }
  if (!certificate.checkPrivateKey(createPrivateKey(privateKey))) {
    throw new ConfigError(
      'AUTH_CLIENT_CERTIFICATE_PATH: the private key does not belong to the certificate.',
    );
  }
  return {
    msal: {
      clientCertificate: { thumbprintSha256: certificate.fingerprint256.replace(/:/g, ''), privateKey },
    },
    cacheKey: deriveCacheKey(privateKey, config.clientId),
  };
}

function deriveCacheKey(secretMaterial: string, clientId: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', secretMaterial, clientId, 'graph-api-connectors-gateway obo cache v1', 32),
  );
}
