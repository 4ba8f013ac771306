import type { JWTPayload } from 'jose';
import type { Cloud } from '../graph/clouds';
import { requireBearerToken } from './bearer';
import type { GraphTokenSource } from './graph-token';
import { checkGraphToken, checkLifetime, type GraphTokenRules } from './token-claims';

/**
 * AUTH_MODE=passthrough: the caller already holds a Graph token. Its claims are checked locally
 * (./token-claims.ts), then it is forwarded unchanged; Graph verifies it.
 *
 * A token's claims never change, only the clock moves: a token that passed is remembered (at most
 * CHECKED_TOKENS of them, each until it expires), and its next requests only check its lifetime
 * again instead of decoding it.
 */
export function createPassthroughTokenSource(options: {
  cloud: Cloud;
  clockToleranceSeconds: number;
  allowedTenants: readonly string[];
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
}): GraphTokenSource {
  const { now = Date.now, ...rules } = options satisfies GraphTokenRules;
  const checked = new Map<string, JWTPayload>();
  return {
    async graphTokenFor(authorization) {
      const token = requireBearerToken(authorization);
      const claims = checked.get(token);
      if (claims) {
        try {
          checkLifetime(claims, rules.clockToleranceSeconds, now());
          return token;
        } catch (error) {
          checked.delete(token);
          throw error;
        }
      }
      remember(checked, token, checkGraphToken(token, rules, now()));
      return token;
    },
  };
}

/** Enough for every caller of a busy instance; past it, the oldest entry makes room. */
export const CHECKED_TOKENS = 1000;

function remember(checked: Map<string, JWTPayload>, token: string, claims: JWTPayload): void {
  if (checked.size >= CHECKED_TOKENS) checked.delete(checked.keys().next().value!);
  checked.set(token, claims);
}
