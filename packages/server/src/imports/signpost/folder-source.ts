import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { CliError } from '../../cli/cli-error.ts';
import type { ImportCursor, ImportRecord, ImportSource } from '../import-record.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportManifest } from './export-folder.ts';

/** `import signpost --from <dir>`: the records of an `export --all` folder, resumable by file and line. */
export function folderSource(dir: string): ImportSource {
  const manifestFile = path.join(dir, 'manifest.json');
  let manifest: ExportManifest | undefined;
  const read = (): ExportManifest => {
    if (manifest) return manifest;
    if (!existsSync(manifestFile))
      throw new CliError('SOURCE_UNREADABLE', `${dir} holds no manifest.json; is it an export --all folder?`);
    const parsed = JSON.parse(readFileSync(manifestFile, 'utf8')) as Partial<ExportManifest>;
    if (parsed.format !== EXPORT_FORMAT || parsed.version !== EXPORT_VERSION || !Array.isArray(parsed.files))
      throw new CliError(
        'SOURCE_UNREADABLE',
        `${manifestFile} is not a ${EXPORT_FORMAT} version ${EXPORT_VERSION} manifest.`,
      );
    for (const f of parsed.files)
      if (!existsSync(path.join(dir, f.file)))
        throw new CliError('SOURCE_UNREADABLE', `${f.file}, listed in the manifest, is missing from ${dir}.`);
    manifest = parsed as ExportManifest;
    return manifest;
  };
  return {
    name: 'signpost',
    async check() {
      read();
    },
    async totals() {
      const totals: Partial<Record<ImportRecord['kind'], number>> = {};
      for (const f of read().files) totals[f.kind] = (totals[f.kind] ?? 0) + f.items;
      return totals;
    },
    async *records(resume: ImportCursor | undefined) {
      const files = read().files;
      const startFile = typeof resume?.file === 'number' ? resume.file : 0;
      const afterLine = typeof resume?.line === 'number' ? resume.line : -1;
      for (let i = startFile; i < files.length; i++) {
        const f = files[i] as ExportManifest['files'][number];
        const lines = createInterface({
          input: createReadStream(path.join(dir, f.file)).pipe(createGunzip()),
          crlfDelay: Number.POSITIVE_INFINITY,
        });
        let line = -1;
        for await (const text of lines) {
          line += 1;
          if (i === startFile && line <= afterLine) continue;
          if (text === '') continue;
          yield { record: JSON.parse(text) as ImportRecord, cursor: { file: i, line } };
        }
      }
    },
  };
}
