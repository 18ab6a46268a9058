import { isAsciiWord, isWordChar } from './char-sets.ts';
import { Assert } from './regex-ast.ts';

const NL = 0x0a;
const CR = 0x0d;

/** Whether an assertion holds between `prev` and `next` (-1: the edge of the text). */
export function holds(assert: number, prev: number, next: number): boolean {
  switch (assert) {
    case Assert.StartText:
      return prev === -1;
    case Assert.EndText:
      return next === -1;
    case Assert.StartLine:
      return prev === -1 || prev === NL;
    case Assert.EndLine:
      return next === -1 || next === NL;
    case Assert.StartLineCrlf:
      return prev === -1 || prev === NL || (prev === CR && next !== NL);
    case Assert.EndLineCrlf:
      return next === -1 || next === CR || (next === NL && prev !== CR);
    case Assert.AsciiWordBoundary:
    case Assert.AsciiNotWordBoundary: {
      const boundary = (prev !== -1 && isAsciiWord(prev)) !== (next !== -1 && isAsciiWord(next));
      return boundary === (assert === Assert.AsciiWordBoundary);
    }
  }
  const before = prev !== -1 && isWordChar(prev);
  const after = next !== -1 && isWordChar(next);
  switch (assert) {
    case Assert.WordBoundary:
      return before !== after;
    case Assert.NotWordBoundary:
      return before === after;
    case Assert.WordStart:
      return !before && after;
    case Assert.WordEnd:
      return before && !after;
    case Assert.WordStartHalf:
      return !before;
    default:
      return !after;
  }
}
