import { lit } from './ts-literal.ts';

/**
 * A TypeScript type for a flag payload, as `getFeatureFlagPayload` returns it: the JSON text parsed, or the raw
 * text when it is not JSON. Primitives are widened (`"dark"` → `string`) because payload values are edited in
 * the UI without a release; the shape (keys, nesting, element types) is what code relies on.
 */
export function inferPayloadType(payloadText: string, depth = 0): string {
  let value: unknown;
  try {
    value = JSON.parse(payloadText);
  } catch {
    return 'string';
  }
  return typeOf(value, depth);
}

/** The distinct members of a union, in first-seen order; `never` for none. */
export function unionOf(types: readonly string[]): string {
  const distinct = [...new Set(types)];
  return distinct.length === 0 ? 'never' : distinct.join(' | ');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function typeOf(value: unknown, depth: number): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return arrayType(value, depth);
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return objectType(value as Record<string, unknown>, depth);
    default:
      return 'unknown';
  }
}

function arrayType(items: unknown[], depth: number): string {
  const element = unionOf(items.map((item) => typeOf(item, depth)));
  if (element === 'never') return 'unknown[]';
  return element.includes(' | ') || element.includes('\n') ? `Array<${element}>` : `${element}[]`;
}

function objectType(value: Record<string, unknown>, depth: number): string {
  const entries = Object.entries(value);
  if (entries.length === 0) return 'Record<string, never>';
  const indent = '  '.repeat(depth + 1);
  const fields = entries.map(([key, v]) => {
    const name = IDENTIFIER.test(key) ? key : lit(key);
    return `${indent}${name}: ${typeOf(v, depth + 1)};`;
  });
  return `{\n${fields.join('\n')}\n${'  '.repeat(depth)}}`;
}
