/**
 * Distinct ids from an uploaded CSV: the first column of every row; a header row naming the column is
 * skipped; quoted fields and CRLF line ends are handled.
 */
export function parseMemberCsv(text: string): string[] {
  const ids: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const first = firstField(line).trim();
    if (i === 0 && /^(distinct_?id|person_distinct_id|id|user_?id)$/i.test(first)) return;
    if (first !== '') ids.push(first);
  });
  return [...new Set(ids)];
}

function firstField(line: string): string {
  if (!line.startsWith('"')) return line.split(',')[0] ?? '';
  let out = '';
  for (let i = 1; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (line[i + 1] === '"') {
        out += '"';
        i++;
      } else break;
    } else out += ch;
  }
  return out;
}
