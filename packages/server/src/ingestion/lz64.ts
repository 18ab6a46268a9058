import { AppError } from '../errors/app-error.ts';

// posthog-js's old `lz64` compression: lz-string's LZW variant over a base64 alphabet (6 bits a character).
// Written here rather than calling lz-string because its decoder has no output limit: a 122 KB body expanded to
// 450M characters and froze the server. This one counts what it produces and stops at the cap, and it refuses
// input that is not lz64 (instead of throwing deep inside the decoder).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
const SIXTY_FOUR = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SIXTY_FOUR[ALPHABET.charCodeAt(i)] = i;

const invalid = () => new AppError('INVALID_COMPRESSION', 'The lz64 body could not be decompressed.');

/** A most-significant-bit-first reader over base64 characters, each carrying 6 bits. */
class BitReader {
  private index = 0;
  private value = 0;
  private mask = 0;

  constructor(private readonly text: string) {}

  read(bits: number): number {
    let result = 0;
    for (let power = 1; bits > 0; bits--, power <<= 1) {
      if (this.mask === 0) {
        if (this.index >= this.text.length) throw invalid();
        const code = this.text.charCodeAt(this.index++);
        const v = code < 128 ? (SIXTY_FOUR[code] as number) : -1;
        if (v < 0) throw invalid();
        this.value = v;
        this.mask = 32;
      }
      if (this.value & this.mask) result |= power;
      this.mask >>= 1;
    }
    return result;
  }
}

/** Decompresses an lz64 text, refusing (413) output longer than `maxChars` and (400) anything malformed. */
export function decompressLz64(input: string, maxChars: number): string {
  const reader = new BitReader(input.replace(/ /g, '+'));
  // Codes 0 and 1 introduce an 8- or 16-bit literal, 2 ends the stream; learned entries start at 3.
  const dictionary: string[] = [];
  let width = 2;
  let nextCode = 3;
  // How many more codes fit the current width before it grows by one bit.
  let room = 4;
  const literal = (code: number): string | undefined =>
    code === 0
      ? String.fromCharCode(reader.read(8))
      : code === 1
        ? String.fromCharCode(reader.read(16))
        : undefined;

  const first = literal(reader.read(width));
  if (first === undefined) return '';
  width = 3;
  dictionary[nextCode++] = first;
  const out: string[] = [first];
  let produced = first.length;
  let previous = first;
  for (;;) {
    let code = reader.read(width);
    if (code === 2) return out.join('');
    const added = literal(code);
    if (added !== undefined) {
      dictionary[nextCode] = added;
      code = nextCode++;
      if (--room === 0) {
        room = 1 << width;
        width++;
      }
    }
    let entry: string;
    if (code < nextCode && dictionary[code] !== undefined) entry = dictionary[code] as string;
    else if (code === nextCode) entry = previous + previous.charAt(0);
    else throw invalid();
    produced += entry.length;
    if (produced > maxChars) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The decompressed body is larger than ${maxChars} characters.`);
    }
    out.push(entry);
    dictionary[nextCode++] = previous + entry.charAt(0);
    if (--room === 0) {
      room = 1 << width;
      width++;
    }
    previous = entry;
  }
}
