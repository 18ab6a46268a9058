/** A set of code points, as a predicate; built once per pattern, called once per input character. */
export type CharTest = (cp: number) => boolean;

/** Zero-width assertions. The `Ascii` word variants come from `(?-u)`. */
export const Assert = {
  StartText: 0,
  EndText: 1,
  StartLine: 2,
  EndLine: 3,
  StartLineCrlf: 4,
  EndLineCrlf: 5,
  WordBoundary: 6,
  NotWordBoundary: 7,
  WordStart: 8,
  WordEnd: 9,
  WordStartHalf: 10,
  WordEndHalf: 11,
  AsciiWordBoundary: 12,
  AsciiNotWordBoundary: 13,
} as const;
export type Assert = (typeof Assert)[keyof typeof Assert];

/**
 * The parsed pattern. Captures and greediness are gone: the `regex` operator asks only whether the text
 * contains a match, and neither changes that answer.
 */
export type RegexNode =
  | { kind: 'empty' }
  | { kind: 'literal'; cp: number }
  | { kind: 'set'; test: CharTest }
  | { kind: 'assert'; assert: Assert }
  | { kind: 'concat'; items: RegexNode[] }
  | { kind: 'alternate'; items: RegexNode[] }
  /** `max` is -1 for no upper bound. */
  | { kind: 'repeat'; item: RegexNode; min: number; max: number };

/** A pattern Rust's `regex` crate refuses (so the flags service answers false for `regex` and `not_regex`). */
export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}
