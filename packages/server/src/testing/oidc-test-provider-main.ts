import type { TestProviderOptions } from './oidc-test-identity.ts';
import { startTestProvider } from './oidc-test-provider.ts';

// Entry of the provider's own process (see oidc-provider-process.ts): options as JSON in argv, the issuer
// printed on stdout once it listens.
const options = JSON.parse(process.argv[2] ?? '{}') as TestProviderOptions;
const { issuer } = await startTestProvider(options);
process.stdout.write(`ready ${issuer}\n`);
