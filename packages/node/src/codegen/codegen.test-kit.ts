import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// Test support for the codegen suites (not shipped): compiles generated modules the way a strict app would.

/** Type-checks each file with the options a strict app would use; answers the diagnostics per file. */
export function typeCheck(dir: string, files: Record<string, string>): Record<string, string[]> {
  // An app's folder: ESM, as `verbatimModuleSyntax` under NodeNext requires for `export` syntax.
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const names = ['flags.ts', ...Object.keys(files)];
  const program = ts.createProgram(
    names.map((name) => path.join(dir, name)),
    {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      erasableSyntaxOnly: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts'],
      types: [],
    },
  );
  const result: Record<string, string[]> = {};
  for (const name of names) {
    const source = program.getSourceFile(path.join(dir, name));
    result[name] = ts
      .getPreEmitDiagnostics(program, source)
      .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return result;
}
