#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CodegenError } from './codegen/codegen-error.ts';
import { runCodegen } from './codegen/run-codegen.ts';
import { formatReferences, runReferences } from './codegen/run-references.ts';

const USAGE = `Usage: signpost-codegen --host <url> --out <file.ts> [--personal-api-key <phx_…>]
       [--environment <name|id>]… [--check]
       signpost-codegen --host <url> --references <dir> [--out <file.ts>] [--json] [--check]

Writes a TypeScript module with your project's feature flags: a FeatureFlags const, the FlagKey union, each
flag's variants and payload type, and typedFlags(client), so a mistyped or removed flag fails tsc. The types
cover every environment read: a variant or payload type any of them has.

  --host               Signpost's URL, e.g. https://signpost.example.com
  --personal-api-key   a personal API key, phx_… (or SIGNPOST_PERSONAL_API_KEY; prefer the variable)
  --out                the .ts file to write
  --environment, -e    an environment name or id to read; repeat for several (default: every environment
                       of the key owner's current project)
  --check              do not write; exit 1 when a flag used in code (in the file, or in any environment
                       read) is missing in one of the environments, archived, or when the file is out of
                       date (for CI); with --references, exit 1 when code uses an archived or deleted flag
  --references <dir>   scan a code base (TypeScript/JavaScript, Python) for flag keys: where each is used,
                       which are archived or deleted on the server, which server flags no code uses
  --json               print the --references report as JSON`;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        'personal-api-key': { type: 'string' },
        out: { type: 'string' },
        environment: { type: 'string', short: 'e', multiple: true, default: [] },
        check: { type: 'boolean', default: false },
        references: { type: 'string' },
        json: { type: 'boolean', default: false },
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
  if (values.references !== undefined) {
    if (!host || !personalApiKey) {
      const absent = [!host && '--host', !personalApiKey && '--personal-api-key'].filter(Boolean);
      throw new CodegenError('INVALID_ARGUMENTS', `Missing ${absent.join(', ')}.\n\n${USAGE}`);
    }
    const report = await runReferences({
      host,
      personalApiKey,
      dir: values.references,
      out: values.out,
      environments: values.environment,
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReferences(report));
    if (values.check && report.retired.length > 0) {
      const keys = report.retired.map((r) => `${r.key} (${r.status})`).join(', ');
      throw new CodegenError('RETIRED_FLAGS_IN_CODE', `code uses flags the server no longer serves: ${keys}`);
    }
    return 0;
  }
  const missing = [!host && '--host', !personalApiKey && '--personal-api-key', !values.out && '--out'].filter(
    Boolean,
  );
  if (!host || !personalApiKey || !values.out) {
    throw new CodegenError('INVALID_ARGUMENTS', `Missing ${missing.join(', ')}.\n\n${USAGE}`);
  }
  const result = await runCodegen({
    host,
    personalApiKey,
    out: values.out,
    environments: values.environment,
    check: values.check,
  });
  for (const warning of result.warnings) console.error(`signpost-codegen: warning: ${warning}`);
  const verb = values.check ? 'is up to date' : result.changed ? 'written' : 'unchanged';
  const from = result.environments.join(', ');
  console.log(`${values.out}: ${result.flagCount} flags from ${from}, ${verb}.`);
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
    const failedCheck = ['OUT_OF_DATE', 'MISSING_IN_ENVIRONMENT', 'RETIRED_FLAGS_IN_CODE'];
    process.exitCode = error instanceof CodegenError && failedCheck.includes(error.code) ? 1 : 2;
  },
);
