import type { ImportRecord } from './import-record.ts';

export type RecordKind = ImportRecord['kind'];

export interface KindCounts {
  created: number;
  /** Already on the target (imported by an earlier run, or the same flag key). */
  existing: number;
  failed: number;
}

export interface ImportFailure {
  kind: RecordKind;
  /** The source id, or the first distinct id / event uuid of a failed page. */
  what: string;
  reason: string;
}

/** What an import did, per kind, and why each failure happened. */
export class ImportReport {
  readonly counts = new Map<RecordKind, KindCounts>();
  readonly failures: ImportFailure[] = [];
  interrupted = false;

  private of(kind: RecordKind): KindCounts {
    let c = this.counts.get(kind);
    if (!c) {
      c = { created: 0, existing: 0, failed: 0 };
      this.counts.set(kind, c);
    }
    return c;
  }

  created(kind: RecordKind, n = 1): void {
    this.of(kind).created += n;
  }

  existing(kind: RecordKind, n = 1): void {
    this.of(kind).existing += n;
  }

  failed(kind: RecordKind, what: string, reason: string, n = 1): void {
    this.of(kind).failed += n;
    this.failures.push({ kind, what, reason });
  }

  format(): string {
    const lines = ['', 'kind          created  already there  failed'];
    for (const [kind, c] of this.counts)
      lines.push(
        `${kind.padEnd(12)}  ${String(c.created).padStart(7)}  ${String(c.existing).padStart(13)}  ${String(c.failed).padStart(6)}`,
      );
    for (const f of this.failures.slice(0, 50)) lines.push(`failed ${f.kind} ${f.what}: ${f.reason}`);
    if (this.failures.length > 50) lines.push(`… and ${this.failures.length - 50} more failures`);
    if (this.interrupted) lines.push('Interrupted: run the same command again to continue where it stopped.');
    return `${lines.join('\n')}\n`;
  }
}
