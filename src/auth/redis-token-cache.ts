import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { ICacheClient, IPartitionManager } from '@azure/msal-node';
import { createClient } from 'redis';
import type { Logger } from '../logger';

/**
 * The on-behalf-of token cache shared by every replica (TOKEN_CACHE=redis), as msal-node's
 * DistributedCachePlugin wants it: an ICacheClient (get/set of one serialized cache blob) and an
 * IPartitionManager (which blob). One blob per incoming token, as msal recommends for web APIs
 * calling web APIs: https://learn.microsoft.com/entra/msal/javascript/node/caching#performance-and-security
 *
 * Key scheme: `graph-api-connectors-gateway:obo:v1:<client id>:<base64url SHA-256 of the incoming token>`.
 * A key never holds a token, only a one-way hash of it (the same hash msal keys its own OBO entries
 * with); the client id keeps two gateway registrations on one Redis apart.
 * Values are the msal cache blob sealed with AES-256-GCM under a key derived from the client
 * credential (./client-credential.ts), and expire with the latest access token they hold.
 * Redis is a cache: when it is down or slow, reads miss and writes are dropped (logged), and the
 * token comes from Entra ID as if nothing was cached.
 */
export const TOKEN_CACHE_KEY_PREFIX = 'graph-api-connectors-gateway:obo:v1';

export function partitionKey(clientId: string, incomingToken: string): string {
  const hash = createHash('sha256').update(incomingToken).digest('base64url');
  return `${TOKEN_CACHE_KEY_PREFIX}:${clientId}:${hash}`;
}

/** The partition of one exchange: the incoming token's key, for reads and writes alike. */
export class IncomingTokenPartition implements IPartitionManager {
  constructor(private readonly key: string) {}

  async getKey(): Promise<string> {
    return this.key;
  }

  /** The account of an OBO result is the user's, but the blob belongs to the incoming token. */
  async extractKey(): Promise<string> {
    return this.key;
  }
}

/** The few Redis operations the cache needs; a seam for tests of the cache rules. */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** Sets a value that Redis drops at `expiresAtSeconds` (epoch seconds). */
  setUntil(key: string, value: string, expiresAtSeconds: number): Promise<void>;
  close(): Promise<void>;
}

export class RedisTokenCache implements ICacheClient {
  constructor(
    private readonly store: KeyValueStore,
    private readonly encryptionKey: Buffer,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string> {
    let sealed: string | null;
    try {
      sealed = await this.store.get(key);
    } catch (error) {
      this.logger.warn({ cause: (error as Error).message }, 'token cache read failed; treated as a miss');
      return '';
    }
    if (!sealed) return '';
    const blob = open(sealed, this.encryptionKey);
    if (blob === undefined) {
      // Written under another credential (rotated secret or certificate): a miss, overwritten soon.
      this.logger.debug('token cache entry cannot be decrypted with this credential; treated as a miss');
      return '';
    }
    return blob;
  }

  async set(key: string, value: string): Promise<string> {
    const expiresAt = latestAccessTokenExpiry(value);
    if (expiresAt === undefined || expiresAt <= Math.floor(Date.now() / 1000)) return 'OK';
    try {
      await this.store.setUntil(key, seal(value, this.encryptionKey), expiresAt);
    } catch (error) {
      this.logger.warn(
        { cause: (error as Error).message },
        'token cache write failed; the token is not shared',
      );
    }
    return 'OK';
  }
}

/** msal's serialized cache: `AccessToken` entries carry `expires_on` in epoch seconds, as a string. */
function latestAccessTokenExpiry(blob: string): number | undefined {
  try {
    const cache = JSON.parse(blob) as { AccessToken?: Record<string, { expires_on?: string }> };
    const expiries = Object.values(cache.AccessToken ?? {})
      .map((entry) => Number(entry.expires_on))
      .filter((value) => Number.isFinite(value));
    return expiries.length ? Math.max(...expiries) : undefined;
  } catch {
    return undefined;
  }
}

const SEALED_PREFIX = 'v1.';

function seal(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${SEALED_PREFIX}${iv.toString('base64url')}.${ciphertext.toString('base64url')}`;
}

function open(sealed: string, key: Buffer): string | undefined {
  if (!sealed.startsWith(SEALED_PREFIX)) return undefined;
  const [ivText, dataText] = sealed.slice(SEALED_PREFIX.length).split('.');
  if (!ivText || !dataText) return undefined;
  try {
    const data = Buffer.from(dataText, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

/**
 * A Redis connection for the token cache. Commands fail at once while disconnected (no offline
 * queue) and after a second otherwise, so a Redis outage costs a request nothing but the cache.
 * The URL is never logged: it may carry a password.
 */
export async function connectRedis(url: string, logger: Logger): Promise<KeyValueStore> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: 1000 },
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) },
  });
  let healthy = true;
  client.on('error', (error: Error) => {
    // Logged once per outage, not once per reconnection attempt.
    if (healthy) logger.warn({ cause: error.message }, 'Redis token cache unreachable; reconnecting');
    healthy = false;
  });
  client.on('ready', () => {
    if (!healthy) logger.info('Redis token cache reconnected');
    healthy = true;
  });
  const connected = client.connect().then(
    () => true,
    () => false,
  );
  const ready = await Promise.race([
    connected,
    new Promise<false>((r) => setTimeout(r, 3000, false).unref()),
  ]);
  logger.info({ tokenCache: 'redis', connected: ready }, 'on-behalf-of token cache on Redis');
  return {
    get: (key) => client.get(key),
    async setUntil(key, value, expiresAtSeconds) {
      await client.set(key, value, { expiration: { type: 'EXAT', value: expiresAtSeconds } });
    },
    async close() {
      // A client still (re)connecting would wait for the connection: it is dropped instead.
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
