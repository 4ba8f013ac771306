import { CLOUDS, type CloudName } from '../src/graph/clouds';
import { CreateApiConnectorDocument } from './generated/graphql';
import { startStack } from './support/gateway';
import { oboEnv, startIdentityProvider, tokensVia } from './support/identity-provider';

/**
 * On-behalf-of in each national cloud: the login host (metadata, keys, token endpoint, issuer) and
 * the Graph scope come from the cloud table, and a token from another cloud is refused.
 */
const input = {
  displayName: 'National cloud',
  targetUrl: 'https://api.contoso.com/cloud',
  authenticationConfiguration: { basic: { username: 'u', password: 'p' } },
};

const OTHER: Record<CloudName, CloudName> = {
  global: 'china',
  usgov: 'global',
  usgovdod: 'china',
  china: 'usgov',
};

describe.each(Object.keys(CLOUDS) as CloudName[])('on-behalf-of in the %s cloud', (cloud) => {
  const { loginHost, graphScope } = CLOUDS[cloud];
  const host = new URL(loginHost).host;

  it(`validates against ${loginHost} and exchanges there for ${graphScope}`, async () => {
    const idp = await startIdentityProvider();
    const stack = await startStack({
      env: { ...oboEnv(idp, 'certificate'), GRAPH_CLOUD: cloud },
      tokens: tokensVia(idp),
    });
    try {
      const response = await stack.execute(
        CreateApiConnectorDocument,
        { input },
        { token: await idp.callerToken({ cloud }) },
      );

      expect(response.body.errors).toBeUndefined();
      expect(idp.requests.map((request) => [request.method, request.host, request.path])).toEqual([
        ['GET', host, `/${idp.tenantId}/v2.0/.well-known/openid-configuration`],
        ['GET', host, `/${idp.tenantId}/discovery/v2.0/keys`],
        ['POST', host, `/${idp.tenantId}/oauth2/v2.0/token`],
      ]);
      expect(idp.tokenRequests()[0].form.scope.split(' ')).toContain(graphScope);
      expect(stack.emulator.requests[0].headers.authorization).toBe(`Bearer ${idp.issued[0]}`);
    } finally {
      await stack.close();
      await idp.close();
    }
  });

  it(`refuses a token issued in the ${OTHER[cloud]} cloud`, async () => {
    const idp = await startIdentityProvider();
    const stack = await startStack({ env: { ...oboEnv(idp), GRAPH_CLOUD: cloud }, tokens: tokensVia(idp) });
    try {
      const response = await stack.execute(
        CreateApiConnectorDocument,
        { input },
        { token: await idp.callerToken({ cloud: OTHER[cloud] }) },
      );
      expect(response.body.errors![0].extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'wrong_issuer',
      });
      expect(idp.tokenRequests()).toHaveLength(0);
    } finally {
      await stack.close();
      await idp.close();
    }
  });
});
