import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { TEST_USER_PATH, type TestIdentity, type TestProviderOptions } from './oidc-test-identity.ts';

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * oidc-provider (a certified OpenID provider) on loopback with one confidential client. Its interaction step
 * has no form: it signs in whoever the test last put at PUT /__test/user and grants what the client asked,
 * so a browser or a plain HTTP client goes straight through the real authorization, token and user info
 * endpoints. Claims are read at sign-in, so a changed identity applies to the next sign-in, as at a real IdP.
 */
export async function startTestProvider(options: TestProviderOptions): Promise<{ issuer: string }> {
  let current: TestIdentity | undefined;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
    // Refuse any authorization request without PKCE, so the tests prove Signpost sends it.
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) =>
      current?.sub === sub ? { accountId: sub, claims: () => ({ ...current, sub }) } : undefined,
  });

  const interact = async (req: IncomingMessage, res: ServerResponse) => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!current) throw new Error('the test chose no user (PUT /__test/user)');
      await provider.interactionFinished(req, res, { login: { accountId: current.sub } });
      return;
    }
    const accountId = details.session?.accountId ?? '';
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    if (!grant) throw new Error('grant not found');
    const missing = details.prompt.details;
    if (Array.isArray(missing.missingOIDCScope)) grant.addOIDCScope(missing.missingOIDCScope as string[]);
    if (Array.isArray(missing.missingOIDCClaims)) grant.addOIDCClaims(missing.missingOIDCClaims as string[]);
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
  };

  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const fail = (error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    };
    if (path === TEST_USER_PATH && req.method === 'PUT') {
      readBody(req).then((body) => {
        current = JSON.parse(body) as TestIdentity;
        res.statusCode = 204;
        res.end();
      }, fail);
    } else if (path.startsWith('/interaction/')) {
      interact(req, res).catch(fail);
    } else {
      handle(req, res);
    }
  });
  return { issuer };
}
