#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CodegenError } from './codegen/codegen-error.ts';
import { runCodegen } from './codegen/run-codegen.ts';

const USAGE = `Usage: signpost-codegen --host <url> --out <file.ts> [--personal-api-key <phx_…>] [--check]

Writes a TypeScript module with your project's feature flags: a FeatureFlags const, the FlagKey union, each
flag's variants and payload type, and typedFlags(client), so a mistyped or removed flag fails tsc.

  --host               Signpost's URL, e.g. https://signpost.example.com
  --personal-api-key   a personal API key, phx_… (or SIGNPOST_PERSONAL_API_KEY; prefer the variable)
  --out                the .ts file to write
  --check              do not write; exit 1 when the file is out of date (for CI)`;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        'personal-api-key': { type: 'string' },
        out: { type: 'string' },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new CodegenError(
      'INVALID_ARGUMENTS',
      `${error instanceof Error ? error.message : error}\n\n${USAGE}`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const values = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // Read from the environment so the secret stays out of shell history and CI logs; the library takes options.
  const host = values.host;
  const personalApiKey = values['personal-api-key'] ?? process.env.SIGNPOST_PERSONAL_API_KEY;
  const missing = [!host && '--host', !personalApiKey && '--personal-api-key', !values.out && '--out'].filter(
    Boolean,
  );
  if (!host || !personalApiKey || !values.out) {
    throw new CodegenError('INVALID_ARGUMENTS', `Missing ${missing.join(', ')}.\n\n${USAGE}`);
  }
  const result = await runCodegen({ host, personalApiKey, out: values.out, check: values.check });
  const verb = values.check ? 'is up to date' : result.changed ? 'written' : 'unchanged';
  console.log(`${values.out}: ${result.flagCount} flags, ${verb}.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = error instanceof CodegenError ? error.code : 'UNEXPECTED';
    const message = error instanceof Error ? error.message : String(error);
    console.error(`signpost-codegen: ${code}: ${message}`);
    process.exitCode = error instanceof CodegenError && error.code === 'OUT_OF_DATE' ? 1 : 2;
  },
);
