import { holds } from './assertions.ts';
import { isAsciiWord, isWordChar } from './char-sets.ts';
import { Op, type RegexProgram } from './regex-program.ts';

// What an assertion can ask of the previous character, with one representative each: the text edge, a
// newline, a carriage return, an ASCII word character, a non-ASCII word character, anything else.
const PREV_EDGE = 0;
const REPRESENTATIVE = [-1, 0x0a, 0x0d, 0x61, 0xe9, 0x21] as const;

function prevKind(cp: number): number {
  if (cp === 0x0a) return 1;
  if (cp === 0x0d) return 2;
  if (cp < 0x80) return isAsciiWord(cp) ? 3 : 5;
  return isWordChar(cp) ? 4 : 5;
}

const UNKNOWN = -1;
const MATCH = -2;
const DEAD = -3;
// Bounds on the cache, per pattern: past them the cache is dropped and rebuilt, so memory stays bounded
// and each character still costs at most one simulation step over the program.
const MAX_STATES = 256;
const MAX_WIDE_TRANSITIONS = 256;

/**
 * A set of NFA states waiting to read the next character, plus what the previous character was (enough
 * to decide every assertion once the next character is known).
 */
interface DfaState {
  readonly kernel: Int32Array;
  readonly prev: number;
  /** Transitions on ASCII characters: a state index, MATCH, DEAD or UNKNOWN. */
  readonly ascii: Int32Array;
  readonly wide: Map<number, number>;
  /** Whether the text ending here matches: 1, 0, or UNKNOWN. */
  atEnd: number;
}

/**
 * Thompson's NFA simulation with its steps memoised as a lazily built DFA (as RE2 and Rust's hybrid engine
 * do). Each input character costs one table lookup once its transition is known, and at most one pass
 * over the program otherwise: no backtracking, so `^(a+)+$` costs what `^a+$` costs.
 */
export class LazyDfa {
  private states: DfaState[] = [];
  private readonly index = new Map<string, number>();
  private readonly seen: Uint32Array;
  private generation = 0;
  private readonly stack: Int32Array;
  private readonly reached: Int32Array;
  private readonly kernel: Int32Array;

  constructor(private readonly program: RegexProgram) {
    const size = program.op.length;
    this.seen = new Uint32Array(size);
    this.stack = new Int32Array(size * 2 + 2);
    this.reached = new Int32Array(size);
    this.kernel = new Int32Array(size + 1);
  }

  /** Whether `text` contains a match anywhere (unanchored search, as the `regex` operator asks). */
  test(text: string): boolean {
    let state = this.state(Int32Array.of(this.program.start), PREV_EDGE);
    const length = text.length;
    for (let i = 0; i < length; ) {
      const cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      let target = cp < 128 ? state.ascii[cp]! : (state.wide.get(cp) ?? UNKNOWN);
      if (target === UNKNOWN) target = this.step(state, cp);
      if (target === MATCH) return true;
      if (target === DEAD) return false;
      state = this.states[target]!;
    }
    if (state.atEnd === UNKNOWN) state.atEnd = this.closure(state, -1) < 0 ? 1 : 0;
    return state.atEnd === 1;
  }

  private nextGeneration(): number {
    // The marks wrap after 2^32 steps over the life of the process; then they are reset.
    if (++this.generation > 0xfffffffe) {
      this.seen.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  /**
   * Follows splits, jumps and assertions from the state's kernel at the position before `next`, leaving
   * the consuming instructions reached in `this.reached`. Returns their count, or -1 on reaching Match.
   */
  private closure(state: DfaState, next: number): number {
    const { op, arg, next: successor } = this.program;
    const { seen, stack, reached } = this;
    const generation = this.nextGeneration();
    const prev = REPRESENTATIVE[state.prev] ?? -1;
    let count = 0;
    for (const root of state.kernel) {
      let top = 0;
      stack[top++] = root;
      while (top > 0) {
        const at = stack[--top]!;
        if (seen[at] === generation) continue;
        seen[at] = generation;
        switch (op[at]) {
          case Op.Match:
            return -1;
          case Op.Split:
            stack[top++] = arg[at]!;
            stack[top++] = successor[at]!;
            break;
          case Op.Jump:
            stack[top++] = successor[at]!;
            break;
          case Op.Assert:
            if (holds(arg[at]!, prev, next)) stack[top++] = successor[at]!;
            break;
          default:
            reached[count++] = at;
        }
      }
    }
    return count;
  }

  /** Computes and caches the transition from `state` on `cp`. */
  private step(state: DfaState, cp: number): number {
    const { op, arg, next: successor, sets, start, anchored } = this.program;
    const count = this.closure(state, cp);
    let target: number;
    if (count < 0) target = MATCH;
    else {
      const { seen, reached, kernel } = this;
      const generation = this.nextGeneration();
      let size = 0;
      for (let i = 0; i < count; i++) {
        const pc = reached[i]!;
        const hit = op[pc] === Op.Literal ? arg[pc] === cp : sets[arg[pc]!]!(cp);
        const to = successor[pc]!;
        if (hit && seen[to] !== generation) {
          seen[to] = generation;
          kernel[size++] = to;
        }
      }
      // Unanchored search: a match may also begin after this character.
      if (!anchored && seen[start] !== generation) kernel[size++] = start;
      target = size === 0 ? DEAD : this.intern(kernel.slice(0, size).sort(), prevKind(cp));
    }
    if (cp < 128) state.ascii[cp] = target;
    else if (state.wide.size < MAX_WIDE_TRANSITIONS) state.wide.set(cp, target);
    return target;
  }

  private state(kernel: Int32Array, prev: number): DfaState {
    return this.states[this.intern(kernel, prev)]!;
  }

  private intern(kernel: Int32Array, prev: number): number {
    const key = `${prev}:${kernel.join(',')}`;
    const known = this.index.get(key);
    if (known !== undefined) return known;
    if (this.states.length >= MAX_STATES) {
      // Transitions already cached in the old states point into the dropped table, so all of it goes.
      this.states = [];
      this.index.clear();
    }
    const ascii = new Int32Array(128).fill(UNKNOWN);
    this.states.push({ kernel, prev, ascii, wide: new Map(), atEnd: UNKNOWN });
    this.index.set(key, this.states.length - 1);
    return this.states.length - 1;
  }
}
