import * as client from 'openid-client';
import { AppError } from '../errors/app-error.ts';

/** Every message down an error's cause chain, for telling openid-client's checks apart. */
function messages(error: unknown): string {
  const out: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    out.push(e.message);
  return out.join(' / ');
}

const unreachable = (error: unknown): boolean =>
  (error instanceof TypeError && /fetch failed/.test(error.message)) ||
  (error instanceof client.ClientError && (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT')) ||
  (error instanceof client.ClientError &&
    /unexpected HTTP response status code|unexpected response content-type/.test(error.message) &&
    error.code !== undefined &&
    /RESPONSE_IS_NOT/.test(error.code));

/**
 * An openid-client failure as one of our codes. openid-client reports its checks by message and a nested
 * cause, not by a field per check, so the distinction reads the messages of the exact version we pin
 * (package.json); a changed wording falls back to SSO_TOKEN_INVALID, still a refusal, and fails the tests.
 */
export function ssoFailure(error: unknown, during: 'discovery' | 'callback'): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof client.AuthorizationResponseError)
    return new AppError(
      'SSO_PROVIDER_ERROR',
      `The identity provider refused the sign-in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`,
    );
  if (error instanceof client.ResponseBodyError)
    return new AppError(
      'SSO_PROVIDER_ERROR',
      `The identity provider's token endpoint answered ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`,
    );
  if (unreachable(error))
    return new AppError('SSO_UNAVAILABLE', `The identity provider could not be reached: ${messages(error)}.`);
  const text = messages(error);
  if (/nonce/.test(text))
    return new AppError('SSO_NONCE_INVALID', 'The ID token does not carry the nonce this sign-in sent.');
  if (/"iss"|issuer/.test(text))
    return new AppError(
      'SSO_ISSUER_INVALID',
      during === 'discovery'
        ? `The provider's discovery document names another issuer than SIGNPOST_OIDC_ISSUER: ${text}.`
        : `The answer did not come from the configured issuer: ${text}.`,
    );
  if (/"state"/.test(text))
    return new AppError('SSO_STATE_INVALID', `The sign-in state did not match: ${text}.`);
  if (during === 'discovery')
    return new AppError('SSO_UNAVAILABLE', `The identity provider's discovery failed: ${text}.`);
  return new AppError('SSO_TOKEN_INVALID', `The identity provider's answer was refused: ${text}.`);
}
