/** A single-quoted TypeScript string literal for any text: JSON's escaping, with the quote character swapped. */
export const lit = (text: string): string =>
  `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
