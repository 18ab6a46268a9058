import { RegexSyntaxError } from './regex-ast.ts';

/** Rust's inline flags: `i m s U u R x`. Greed swapping (`U`) is parsed and has nothing to change here. */
export interface Flags {
  caseInsensitive: boolean;
  multiLine: boolean;
  dotAll: boolean;
  unicode: boolean;
  crlf: boolean;
  verbose: boolean;
}

export const DEFAULT_FLAGS: Flags = {
  caseInsensitive: false,
  multiLine: false,
  dotAll: false,
  unicode: true,
  crlf: false,
  verbose: false,
};

const isSpace = (cp: number | undefined) =>
  cp !== undefined && (cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0xa0);

/** The pattern as code points (Rust patterns are UTF-8 strings: one step is one character). */
export class PatternCursor {
  readonly chars: number[];
  pos = 0;
  flags: Flags = DEFAULT_FLAGS;

  constructor(pattern: string) {
    this.chars = Array.from(pattern, (c) => c.codePointAt(0) ?? 0);
  }

  get done(): boolean {
    return this.pos >= this.chars.length;
  }

  /** The current character, or -1 at the end. */
  peek(ahead = 0): number {
    return this.chars[this.pos + ahead] ?? -1;
  }

  is(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (this.peek(i) !== text.charCodeAt(i)) return false;
    return true;
  }

  eat(text: string): boolean {
    if (!this.is(text)) return false;
    this.pos += text.length;
    return true;
  }

  next(): number {
    const cp = this.peek();
    if (cp === -1) throw this.error('unexpected end of pattern');
    this.pos++;
    return cp;
  }

  /** In `(?x)` mode whitespace and `#` comments (to the end of the line) are not part of the pattern. */
  skipSpace(): void {
    if (!this.flags.verbose) return;
    for (;;) {
      if (isSpace(this.chars[this.pos])) this.pos++;
      else if (this.peek() === 0x23) {
        while (!this.done && this.peek() !== 0x0a) this.pos++;
      } else return;
    }
  }

  error(message: string): RegexSyntaxError {
    return new RegexSyntaxError(message, this.pos);
  }
}
