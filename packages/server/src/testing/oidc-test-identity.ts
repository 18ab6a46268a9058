/** A person the test provider signs in; `groups` becomes the `groups` claim. */
export interface TestIdentity {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

export interface TestProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** The test provider's control endpoint: PUT a TestIdentity to choose who signs in next. */
export const TEST_USER_PATH = '/__test/user';
