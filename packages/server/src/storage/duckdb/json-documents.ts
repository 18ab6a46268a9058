// Flags and cohorts are small documents read whole into memory at start, so they are stored as JSON with
// only the columns needed for integrity alongside; dates travel as ISO strings inside the document.

export function toDocument(value: object): string {
  return JSON.stringify(value);
}

export function fromDocument<T>(text: unknown, dateFields: readonly string[]): T {
  if (typeof text !== 'string') throw new TypeError('expected a JSON document');
  const doc = JSON.parse(text) as Record<string, unknown>;
  for (const field of dateFields) {
    const v = doc[field];
    if (typeof v === 'string') doc[field] = new Date(v);
  }
  return doc as T;
}
