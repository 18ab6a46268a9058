import type { Interval, TrendsDisplay } from '../api/query-types.ts';

/** What a series counts. `property` maths need a numeric event property; `group` a group type. */
export const MATHS: { id: string; label: string; needs?: 'property' | 'group' }[] = [
  { id: 'total', label: 'Total count' },
  { id: 'dau', label: 'Unique users (DAU)' },
  { id: 'weekly_active', label: 'Weekly active users' },
  { id: 'monthly_active', label: 'Monthly active users' },
  { id: 'unique_group', label: 'Unique groups', needs: 'group' },
  { id: 'avg_count_per_actor', label: 'Average per user' },
  { id: 'sum', label: 'Sum of property', needs: 'property' },
  { id: 'avg', label: 'Average of property', needs: 'property' },
  { id: 'min', label: 'Minimum of property', needs: 'property' },
  { id: 'max', label: 'Maximum of property', needs: 'property' },
  { id: 'median', label: 'Median of property', needs: 'property' },
  { id: 'p90', label: '90th percentile of property', needs: 'property' },
];

export const mathNeeds = (math: string) => MATHS.find((m) => m.id === math)?.needs;

export const DISPLAYS: { id: TrendsDisplay; label: string }[] = [
  { id: 'ActionsLineGraph', label: 'Line' },
  { id: 'ActionsBar', label: 'Bar' },
  { id: 'ActionsBarValue', label: 'Bar (totals)' },
  { id: 'ActionsPie', label: 'Pie' },
  { id: 'BoldNumber', label: 'Number' },
  { id: 'ActionsTable', label: 'Table' },
];

export const INTERVALS: { id: Interval; label: string }[] = [
  { id: 'hour', label: 'Hour' },
  { id: 'day', label: 'Day' },
  { id: 'week', label: 'Week' },
  { id: 'month', label: 'Month' },
];

/** Property filter operators the query engine takes for any value; numbers compare with gt/lt. */
export const FILTER_OPERATORS: { id: string; label: string; takesValue: boolean }[] = [
  { id: 'exact', label: 'equals', takesValue: true },
  { id: 'is_not', label: "doesn't equal", takesValue: true },
  { id: 'icontains', label: 'contains', takesValue: true },
  { id: 'not_icontains', label: "doesn't contain", takesValue: true },
  { id: 'regex', label: 'matches regex', takesValue: true },
  { id: 'gt', label: 'greater than', takesValue: true },
  { id: 'lt', label: 'less than', takesValue: true },
  { id: 'is_set', label: 'is set', takesValue: false },
  { id: 'is_not_set', label: 'is not set', takesValue: false },
];

export const operatorTakesValue = (op: string) =>
  FILTER_OPERATORS.find((o) => o.id === op)?.takesValue ?? true;
