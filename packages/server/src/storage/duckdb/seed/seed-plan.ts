/** How big a demo data set is and where it sits in time; everything else derives from it. */
export interface SeedPlan {
  projectId: number;
  events: number;
  days: number;
  /** The newest event's time (now, so relative date ranges like -24h and -30d find data). */
  end: Date;
  users: number;
  installations: number;
  /** Installations that already existed when the window starts; the rest install during it. */
  preexisting: number;
  /** Event-table column for each group type: `group_<index>`. */
  groupColumns: { version: string; platform: string };
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** One user per ~200 events and one installation per ~500, capped where TimeTracker's scale would be. */
export function seedPlan(
  o: { projectId: number; events: number; days: number; end: Date },
  groupIndexes: { version: number; platform: number },
): SeedPlan {
  const users = clamp(Math.round(o.events / 200), 20, 50_000);
  const installations = clamp(Math.round(o.events / 500), 10, 20_000);
  return {
    ...o,
    users,
    installations,
    preexisting: Math.max(1, Math.round(installations * 0.6)),
    groupColumns: { version: `group_${groupIndexes.version}`, platform: `group_${groupIndexes.platform}` },
  };
}

export const sqlTimestamp = (d: Date): string =>
  `TIMESTAMP '${d.toISOString().replace('T', ' ').replace('Z', '')}'`;

export const windowStart = (p: SeedPlan): Date => new Date(p.end.getTime() - p.days * 86_400_000);

/** A value from `values` picked by hash(`seed`), so the same plan always gives the same data. */
export const pick = (values: readonly string[], seed: string): string =>
  `([${values.map((v) => `'${v}'`).join(', ')}])[1 + (hash(${seed}) % ${values.length})::INT]`;
