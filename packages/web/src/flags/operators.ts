export type ValueType = 'string' | 'number' | 'boolean' | 'date' | 'version';

export const VALUE_TYPES: { id: ValueType; label: string }[] = [
  { id: 'string', label: 'Text' },
  { id: 'number', label: 'Number' },
  { id: 'boolean', label: 'True/false' },
  { id: 'date', label: 'Date' },
  { id: 'version', label: 'Version' },
];

const SET = [
  { id: 'is_set', label: 'is set' },
  { id: 'is_not_set', label: 'is not set' },
];

/** The operators that make sense for each kind of value, in PostHog's names, most common first. */
export const OPERATORS: Record<ValueType, { id: string; label: string }[]> = {
  string: [
    { id: 'exact', label: 'equals' },
    { id: 'is_not', label: "doesn't equal" },
    { id: 'icontains', label: 'contains' },
    { id: 'not_icontains', label: "doesn't contain" },
    { id: 'regex', label: 'matches regex' },
    { id: 'not_regex', label: "doesn't match regex" },
    ...SET,
  ],
  number: [
    { id: 'exact', label: '=' },
    { id: 'is_not', label: '≠' },
    { id: 'gt', label: '>' },
    { id: 'gte', label: '≥' },
    { id: 'lt', label: '<' },
    { id: 'lte', label: '≤' },
    ...SET,
  ],
  boolean: [{ id: 'exact', label: 'is' }, { id: 'is_not', label: 'is not' }, ...SET],
  date: [{ id: 'is_date_before', label: 'before' }, { id: 'is_date_after', label: 'after' }, ...SET],
  version: [
    { id: 'semver_eq', label: '=' },
    { id: 'semver_gt', label: '>' },
    { id: 'semver_gte', label: '≥' },
    { id: 'semver_lt', label: '<' },
    { id: 'semver_lte', label: '≤' },
    { id: 'semver_caret', label: '^ compatible with' },
    { id: 'semver_tilde', label: '~ patch of' },
    ...SET,
  ],
};

export const takesValue = (operator: string) => operator !== 'is_set' && operator !== 'is_not_set';

/** The kind of value a stored filter was written for, so an edit shows the same operator list. */
export function inferValueType(operator: string, value: unknown): ValueType {
  if (operator.startsWith('semver_')) return 'version';
  if (operator.startsWith('is_date_')) return 'date';
  if (['gt', 'gte', 'lt', 'lte'].includes(operator)) return 'number';
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'boolean' || first === 'true' || first === 'false') return 'boolean';
  if (typeof first === 'number') return 'number';
  return 'string';
}

/** The form's text as the filter value the flags engine expects for this operator. */
export function toFilterValue(operator: string, valueType: ValueType, text: string): unknown {
  if (!takesValue(operator)) return operator;
  if (operator === 'exact' || operator === 'is_not') {
    const parts = text
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    return valueType === 'number' ? parts.map(Number) : parts;
  }
  if (valueType === 'number') return Number(text);
  return text.trim();
}

export function fromFilterValue(operator: string, value: unknown): string {
  if (!takesValue(operator)) return '';
  if (Array.isArray(value)) return value.map(String).join(', ');
  return value === undefined || value === null ? '' : String(value);
}

/** Why a filter's value cannot be used, or null. */
export function valueProblem(operator: string, valueType: ValueType, text: string): string | null {
  if (!takesValue(operator)) return null;
  if (text.trim() === '') return 'Enter a value.';
  if (valueType === 'number') {
    const values = operator === 'exact' || operator === 'is_not' ? text.split(',') : [text];
    if (values.some((v) => v.trim() === '' || Number.isNaN(Number(v)))) return 'Enter a number.';
  }
  if (valueType === 'boolean' && !['true', 'false'].includes(text.trim())) return 'Choose true or false.';
  if (valueType === 'date' && Number.isNaN(Date.parse(text))) return 'Enter a date.';
  if (operator.includes('regex')) {
    try {
      new RegExp(text);
    } catch {
      return 'This is not a valid regular expression.';
    }
  }
  return null;
}
