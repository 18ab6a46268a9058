import { formatNumber } from '../charts/number-format.ts';

interface PagerProps {
  /** Index of the first row shown (0-based). */
  offset: number;
  /** Rows per page. */
  limit: number;
  /** Rows on this page. */
  shown: number;
  /** Every row the filters match. */
  total: number;
  /** What the rows are, for the summary and the buttons' names ("persons"). */
  noun: string;
  onPage: (offset: number) => void;
}

/** "1–100 of 23,410 persons" with previous/next, for lists the server pages. */
export function Pager({ offset, limit, shown, total, noun, onPage }: PagerProps) {
  const first = shown === 0 ? 0 : offset + 1;
  const last = offset + shown;
  const lastPage = Math.max(0, Math.floor((total - 1) / limit) * limit);
  return (
    <nav class="pager" aria-label={`Pages of ${noun}`}>
      <span class="muted small" aria-live="polite">
        {formatNumber(first)}–{formatNumber(last)} of {formatNumber(total)} {noun}
      </span>
      <button type="button" class="btn small" disabled={offset === 0} onClick={() => onPage(0)}>
        First
      </button>
      <button
        type="button"
        class="btn small"
        disabled={offset === 0}
        onClick={() => onPage(Math.max(0, offset - limit))}
      >
        Previous
      </button>
      <button type="button" class="btn small" disabled={last >= total} onClick={() => onPage(offset + limit)}>
        Next
      </button>
      <button type="button" class="btn small" disabled={last >= total} onClick={() => onPage(lastPage)}>
        Last
      </button>
    </nav>
  );
}
