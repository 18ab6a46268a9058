// PostHog refuses to merge on ids that buggy clients send by mistake (compat notes §5.1); merging on them
// would glue unrelated users into one person.
const CASE_INSENSITIVE = [
  'anonymous',
  'guest',
  'distinctid',
  'distinct_id',
  'id',
  'not_authenticated',
  'email',
  'undefined',
  'true',
  'false',
];
const CASE_SENSITIVE = ['[object Object]', 'NaN', 'None', 'none', 'null', '0', 'undefined'];

function withQuotes(values: string[]): string[] {
  return values.flatMap((v) => [v, `'${v}'`, `"${v}"`]);
}

const insensitive = new Set(withQuotes(CASE_INSENSITIVE));
const sensitive = new Set(withQuotes(CASE_SENSITIVE));

export function isIllegalDistinctId(id: string): boolean {
  const trimmed = id.trim();
  if (trimmed === '') return true;
  return sensitive.has(trimmed) || insensitive.has(trimmed.toLowerCase());
}
