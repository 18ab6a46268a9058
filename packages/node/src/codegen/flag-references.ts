import { open, readdir } from 'node:fs/promises';
import path from 'node:path';

/** One place a flag key is used in code. */
export interface FlagReference {
  /** Relative to the scanned folder, with `/` separators. */
  file: string;
  line: number;
  column: number;
}

export interface ScanOptions {
  /** Generated constant name → flag key (`NEW_TIMER_UI` → `new-timer-ui`), for `FeatureFlags.NEW_TIMER_UI`. */
  constants?: ReadonlyMap<string, string>;
  /** Files larger than this are skipped (and listed): minified bundles and fixtures are not code to clean up. */
  maxFileBytes?: number;
}

export interface ScanResult {
  references: Map<string, FlagReference[]>;
  filesScanned: number;
  skipped: { file: string; reason: string }[];
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'venv', '.venv', '__pycache__', '.hg', '.svn']);
const CODE = /\.(?:[cm]?[jt]sx?|py)$/;
const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

// Each pattern is a literal call name, optional blanks, then a quoted key of the characters keys may hold: no
// nested or overlapping quantifiers, so a scan is linear in the file's length whatever it contains.
const JS_CALL =
  /\b(?:isFeatureEnabled|getFeatureFlag|getFeatureFlagPayload|getFeatureFlagResult|useFeatureFlagEnabled|useFeatureFlagVariantKey|useFeatureFlagPayload)\(\s*(['"`])([A-Za-z0-9_-]{1,400})\1/g;
const PY_CALL =
  /\b(?:feature_enabled|is_feature_enabled|get_feature_flag|get_feature_flag_payload)\(\s*(['"])([A-Za-z0-9_-]{1,400})\1/g;
const CONSTANT = /\bFeatureFlags\.([A-Z][A-Z0-9_]{0,200})\b/g;

/**
 * Where each flag key is used under `root`: PostHog SDK calls in TypeScript/JavaScript and Python (posthog-js,
 * posthog-node, React hooks, posthog-python) and the generated `FeatureFlags.X` constants. Dependency folders
 * (`node_modules`, `.git`, virtualenvs) are not entered; symbolic links are not followed.
 */
export async function scanFlagReferences(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const references = new Map<string, FlagReference[]>();
  const skipped: ScanResult['skipped'] = [];
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let filesScanned = 0;
  const add = (key: string, ref: FlagReference) => {
    const list = references.get(key);
    if (list) list.push(ref);
    else references.set(key, [ref]);
  };
  for await (const file of codeFiles(root)) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    const text = await readBounded(file, maxBytes);
    if (text === undefined) {
      skipped.push({ file: relative, reason: `larger than ${maxBytes} bytes` });
      continue;
    }
    filesScanned += 1;
    const lines = lineStarts(text);
    const at = (index: number) => position(lines, index);
    const calls = file.endsWith('.py') ? PY_CALL : JS_CALL;
    for (const m of text.matchAll(calls)) {
      const key = m[2];
      if (key !== undefined) add(key, { file: relative, ...at(m.index) });
    }
    if (!file.endsWith('.py') && options.constants)
      for (const m of text.matchAll(CONSTANT)) {
        const key = m[1] === undefined ? undefined : options.constants.get(m[1]);
        if (key !== undefined) add(key, { file: relative, ...at(m.index) });
      }
  }
  return { references, filesScanned, skipped };
}

async function* codeFiles(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) yield* codeFiles(full);
    else if (entry.isFile() && CODE.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full;
  }
}

/** The file's text, or undefined when it is over the limit (read no further than the limit either way). */
async function readBounded(file: string, maxBytes: number): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return undefined;
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset, by binary search over the line starts. */
function position(starts: readonly number[], index: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: index - (starts[lo] ?? 0) + 1 };
}
