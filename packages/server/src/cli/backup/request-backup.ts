import type { BackupManifest } from '../../backup/backup-manifest.ts';
import type { BackupProgress } from '../../backup/database-backup.ts';
import { CliError, type CliErrorCode } from '../cli-error.ts';

export interface RequestBackupOptions {
  baseUrl: string;
  key: string;
  /** Absolute: the server resolves nothing against its own working folder. */
  to: string;
  onProgress?: (p: BackupProgress) => void;
}

/** The server could not be reached at all (nothing listening): the caller may open the data folder itself. */
export class ServerUnreachable extends Error {}

const cliCode = (code: string): CliErrorCode =>
  code === 'BACKUP_UNSUPPORTED' || code === 'BACKUP_INVALID'
    ? code
    : code === 'BACKUP_TARGET_NOT_EMPTY'
      ? 'TARGET_NOT_EMPTY'
      : 'BACKUP_FAILED';

/** Asks a running server to write a backup (`POST /api/backups`) and follows its NDJSON progress lines. */
export async function requestBackup(o: RequestBackupOptions): Promise<BackupManifest> {
  const response = await fetch(new URL('/api/backups', o.baseUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: o.to }),
  }).catch((error: unknown) => {
    throw new ServerUnreachable(`Cannot reach ${o.baseUrl}: ${String(error)}`);
  });
  if (!response.ok || !response.body) {
    const text = await response.text();
    let parsed: { code?: string; detail?: string } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // not one of our errors; shown as it came
    }
    throw new CliError(
      cliCode(parsed.code ?? ''),
      `The server answered ${response.status}: ${parsed.detail ?? text}`,
    );
  }
  let buffered = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end = buffered.indexOf('\n');
    while (end >= 0) {
      const line = JSON.parse(buffered.slice(0, end)) as
        | { type: 'progress'; rows: number; total_rows: number }
        | { type: 'done'; manifest: BackupManifest }
        | { type: 'error'; code: string; detail: string };
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf('\n');
      if (line.type === 'progress') o.onProgress?.({ rows: line.rows, totalRows: line.total_rows });
      else if (line.type === 'done') return line.manifest;
      else throw new CliError(cliCode(line.code), line.detail);
    }
  }
  throw new CliError('BACKUP_FAILED', 'The server closed the connection before the backup finished.');
}
