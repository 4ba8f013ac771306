import type { Cloud } from '../graph/clouds';
import { requireBearerToken } from './bearer';
import type { GraphTokenSource } from './graph-token';
import { checkGraphToken, type GraphTokenRules } from './token-claims';

/**
 * AUTH_MODE=passthrough: the caller already holds a Graph token. Its claims are checked locally
 * (./token-claims.ts), then it is forwarded unchanged; Graph verifies it.
 */
export function createPassthroughTokenSource(options: {
  cloud: Cloud;
  clockToleranceSeconds: number;
  allowedTenants: readonly string[];
}): GraphTokenSource {
  const rules: GraphTokenRules = { ...options };
  return {
    async graphTokenFor(authorization) {
      const token = requireBearerToken(authorization);
      checkGraphToken(token, rules);
      return token;
    },
  };
}
