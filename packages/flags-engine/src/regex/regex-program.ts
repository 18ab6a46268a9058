import { type Assert, type CharTest, type RegexNode, RegexSyntaxError } from './regex-ast.ts';

/**
 * The bound on a compiled pattern, in instructions. Matching costs at most this much per input character,
 * so a hostile pattern costs O(input × MAX_PROGRAM_SIZE) and no more; a pattern that would compile larger
 * (`a{5000}`, `(\w{100}){100}`) is refused, as Rust refuses patterns over its size limit.
 */
export const MAX_PROGRAM_SIZE = 4000;

export const Op = { Match: 0, Literal: 1, Set: 2, Split: 3, Jump: 4, Assert: 5 } as const;

/**
 * A Thompson NFA as parallel arrays. Instruction `pc`: `op[pc]`; for Literal the code point in `arg`, for
 * Set an index into `sets`, for Assert the assertion, for Split the second target; `next[pc]` the
 * (first) successor.
 */
export interface RegexProgram {
  readonly op: Uint8Array;
  readonly arg: Int32Array;
  readonly next: Int32Array;
  readonly sets: readonly CharTest[];
  readonly start: number;
  /** Every match starts at the beginning of the text (`^…` or `\A…`), so the search need not restart. */
  readonly anchored: boolean;
}

class Emitter {
  readonly op: number[] = [];
  readonly arg: number[] = [];
  readonly next: number[] = [];
  readonly sets: CharTest[] = [];

  emit(op: number, arg: number, next: number): number {
    if (this.op.length >= MAX_PROGRAM_SIZE) throw new RegexSyntaxError('pattern too large', 0);
    this.op.push(op);
    this.arg.push(arg);
    this.next.push(next);
    return this.op.length - 1;
  }

  // Built back to front: each fragment is given the instruction it continues to.
  compile(node: RegexNode, next: number): number {
    switch (node.kind) {
      case 'empty':
        return next;
      case 'literal':
        return this.emit(Op.Literal, node.cp, next);
      case 'set':
        this.sets.push(node.test);
        return this.emit(Op.Set, this.sets.length - 1, next);
      case 'assert':
        return this.emit(Op.Assert, node.assert, next);
      case 'concat': {
        let pc = next;
        for (let i = node.items.length - 1; i >= 0; i--) pc = this.compile(node.items[i]!, pc);
        return pc;
      }
      case 'alternate': {
        let pc = this.compile(node.items[node.items.length - 1]!, next);
        for (let i = node.items.length - 2; i >= 0; i--)
          pc = this.emit(Op.Split, pc, this.compile(node.items[i]!, next));
        return pc;
      }
      case 'repeat':
        return this.repeat(node.item, node.min, node.max, next);
    }
  }

  private repeat(item: RegexNode, min: number, max: number, next: number): number {
    let pc = next;
    if (max === -1) {
      // A loop: the split is emitted first so the body can jump back to it, then pointed at the body.
      const loop = this.emit(Op.Split, next, -1);
      this.next[loop] = this.compile(item, loop);
      pc = loop;
    } else {
      for (let i = min; i < max; i++) pc = this.emit(Op.Split, next, this.compile(item, pc));
    }
    for (let i = 0; i < min; i++) pc = this.compile(item, pc);
    return pc;
  }
}

function startsAnchored(node: RegexNode, startText: Assert): boolean {
  if (node.kind === 'assert') return node.assert === startText;
  if (node.kind === 'concat') return node.items[0] !== undefined && startsAnchored(node.items[0], startText);
  if (node.kind === 'alternate') return node.items.every((item) => startsAnchored(item, startText));
  if (node.kind === 'repeat') return node.min > 0 && startsAnchored(node.item, startText);
  return false;
}

/** Compiles a parsed pattern; throws RegexSyntaxError when it exceeds MAX_PROGRAM_SIZE. */
export function compileProgram(node: RegexNode, startText: Assert): RegexProgram {
  const emitter = new Emitter();
  const match = emitter.emit(Op.Match, 0, -1);
  const start = emitter.compile(node, match);
  return {
    op: Uint8Array.from(emitter.op),
    arg: Int32Array.from(emitter.arg),
    next: Int32Array.from(emitter.next),
    sets: emitter.sets,
    start,
    anchored: startsAnchored(node, startText),
  };
}
