import { caseInsensitive, caseVariants } from './case-fold.ts';
import { parseBracket } from './parse-class.ts';
import { parseEscape } from './parse-escape.ts';
import { type Flags, PatternCursor } from './pattern-cursor.ts';
import { Assert, type CharTest, type RegexNode } from './regex-ast.ts';

// Rust's default nest limit: deeper groups and repetitions are refused (and our recursion stays shallow).
const NEST_LIMIT = 250;
const FLAG_LETTERS: Record<string, keyof Flags | null> = {
  i: 'caseInsensitive',
  m: 'multiLine',
  s: 'dotAll',
  u: 'unicode',
  R: 'crlf',
  x: 'verbose',
  U: null,
};

// A `(?i)` in the middle of a concatenation: it has no width, and nothing may repeat it.
const FLAG_MARKER: RegexNode = { kind: 'empty' };

function literal(cp: number, flags: Flags): RegexNode {
  if (!flags.caseInsensitive) return { kind: 'literal', cp };
  const variants = caseVariants(cp);
  if (variants.length === 1) return { kind: 'literal', cp };
  return { kind: 'set', test: (x) => variants.includes(x) };
}

function dot(flags: Flags): CharTest {
  if (flags.dotAll) return () => true;
  if (flags.crlf) return (cp) => cp !== 0x0a && cp !== 0x0d;
  return (cp) => cp !== 0x0a;
}

function anchor(start: boolean, flags: Flags): Assert {
  if (!flags.multiLine) return start ? Assert.StartText : Assert.EndText;
  if (flags.crlf) return start ? Assert.StartLineCrlf : Assert.EndLineCrlf;
  return start ? Assert.StartLine : Assert.EndLine;
}

class Parser {
  private readonly heights = new WeakMap<RegexNode, number>();
  private readonly names = new Set<string>();

  constructor(private readonly cur: PatternCursor) {}

  /** Records how deep `node` nests; the compiler recurses that deep, so it is bounded here. */
  private nested(node: RegexNode, children: RegexNode[]): RegexNode {
    let height = 0;
    for (const child of children) height = Math.max(height, this.heights.get(child) ?? 0);
    if (height + 1 > NEST_LIMIT) throw this.cur.error('pattern nests too deeply');
    this.heights.set(node, height + 1);
    return node;
  }

  parse(): RegexNode {
    const node = this.alternation();
    if (!this.cur.done) throw this.cur.error('unopened group');
    return node;
  }

  private alternation(): RegexNode {
    const items = [this.concatenation()];
    while (this.cur.eat('|')) items.push(this.concatenation());
    return items.length === 1 ? items[0]! : this.nested({ kind: 'alternate', items }, items);
  }

  private concatenation(): RegexNode {
    const items: RegexNode[] = [];
    const { cur } = this;
    for (;;) {
      cur.skipSpace();
      const cp = cur.peek();
      if (cp === -1 || cp === 0x7c || cp === 0x29) break;
      if (cp === 0x2a || cp === 0x2b || cp === 0x3f || cp === 0x7b) {
        const last = items.pop();
        if (last === undefined || last === FLAG_MARKER)
          throw cur.error('repetition operator missing expression');
        items.push(this.repetition(last));
        continue;
      }
      items.push(this.atom());
    }
    if (items.length === 1) return items[0]!;
    return items.length === 0 ? { kind: 'empty' } : this.nested({ kind: 'concat', items }, items);
  }

  private repetition(item: RegexNode): RegexNode {
    const { cur } = this;
    const op = cur.next();
    let min = 0;
    let max = -1;
    if (op === 0x2b) min = 1;
    else if (op === 0x3f) max = 1;
    else if (op === 0x7b) [min, max] = this.counted();
    cur.skipSpace();
    cur.eat('?'); // lazy: the same answer to "is there a match"
    return this.nested({ kind: 'repeat', item, min, max }, [item]);
  }

  private decimal(): number | null {
    const { cur } = this;
    cur.skipSpace();
    let digits = '';
    while (cur.peek() >= 0x30 && cur.peek() <= 0x39) digits += String.fromCharCode(cur.next());
    cur.skipSpace();
    return digits === '' ? null : Number(digits);
  }

  // `{n}`, `{n,}`, `{n,m}`; Rust refuses `{,m}`, an unclosed `{` and n > m.
  private counted(): [number, number] {
    const { cur } = this;
    const min = this.decimal();
    if (min === null) throw cur.error('repetition count missing');
    let max = min;
    if (cur.eat(',')) max = this.decimal() ?? -1;
    if (!cur.eat('}')) throw cur.error('unclosed counted repetition');
    if (max !== -1 && max < min) throw cur.error('invalid repetition range');
    return [min, max];
  }

  private atom(): RegexNode {
    const { cur } = this;
    const cp = cur.next();
    switch (cp) {
      case 0x28:
        return this.group();
      case 0x5b:
        return { kind: 'set', test: parseBracket(cur) };
      case 0x2e:
        return { kind: 'set', test: dot(cur.flags) };
      case 0x5e:
        return { kind: 'assert', assert: anchor(true, cur.flags) };
      case 0x24:
        return { kind: 'assert', assert: anchor(false, cur.flags) };
      case 0x5c: {
        const escaped = parseEscape(cur, false);
        if (escaped.kind === 'char') return literal(escaped.cp, cur.flags);
        if (escaped.kind === 'assert') return escaped;
        return {
          kind: 'set',
          test: cur.flags.caseInsensitive ? caseInsensitive(escaped.test) : escaped.test,
        };
      }
      default:
        return literal(cp, cur.flags);
    }
  }

  private captureName(): void {
    const { cur } = this;
    let name = '';
    while (!cur.done && cur.peek() !== 0x3e) {
      const c = String.fromCodePoint(cur.next());
      const ok = name === '' ? /[\p{L}_]/u.test(c) : /[\p{L}\p{N}_.[\]]/u.test(c);
      if (!ok) throw cur.error('invalid capture group name');
      name += c;
    }
    if (!cur.eat('>')) throw cur.error('unclosed capture group name');
    if (name === '') throw cur.error('empty capture group name');
    if (this.names.has(name)) throw cur.error('duplicate capture group name');
    this.names.add(name);
  }

  /** Reads `i-s` up to `:` or `)`; returns the new flags. */
  private flagSet(): Flags {
    const { cur } = this;
    const flags = { ...cur.flags };
    const seen = new Set<string>();
    let negate = false;
    let dangling = false;
    while (cur.peek() !== 0x3a && cur.peek() !== 0x29) {
      const c = String.fromCodePoint(cur.next());
      if (seen.has(c)) throw cur.error('repeated flag');
      seen.add(c);
      if (c === '-') {
        negate = true;
        dangling = true;
        continue;
      }
      dangling = false;
      const key = FLAG_LETTERS[c];
      if (key === undefined) throw cur.error(`unknown flag ${c}`);
      if (key !== null) flags[key] = !negate;
    }
    if (dangling) throw cur.error('dangling flag negation');
    if (seen.size === 0 && cur.peek() === 0x29) throw cur.error('empty flag group');
    return flags;
  }

  private group(): RegexNode {
    const { cur } = this;
    cur.skipSpace();
    if (cur.is('?=') || cur.is('?!') || cur.is('?<=') || cur.is('?<!'))
      throw cur.error('look-around is not supported');
    const outer = cur.flags;
    if (cur.eat('?P<') || cur.eat('?<')) this.captureName();
    else if (cur.eat('?')) {
      const flags = this.flagSet();
      cur.flags = flags;
      // `(?i)` changes the flags until the end of the enclosing group.
      if (cur.eat(')')) return FLAG_MARKER;
      cur.pos++;
    }
    const body = this.alternation();
    if (!cur.eat(')')) throw cur.error('unclosed group');
    cur.flags = outer;
    return this.nested(body === FLAG_MARKER ? { kind: 'empty' } : body, [body]);
  }
}

/** Parses a pattern with Rust `regex` syntax; throws RegexSyntaxError where Rust refuses it. */
export function parseRegex(pattern: string): RegexNode {
  return new Parser(new PatternCursor(pattern)).parse();
}
