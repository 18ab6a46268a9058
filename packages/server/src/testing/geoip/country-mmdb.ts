// Test support: writes a small MaxMind DB (format 2.0: a binary search tree of 24-bit records, a data section
// and a metadata map, as https://maxmind.github.io/MaxMind-DB/ documents it), so GeoIP enrichment is tested
// against the real reader with no downloaded database.

export interface CountryNetwork {
  /** An IPv4 network: `81.0.0.0` with `bits: 8`. */
  address: string;
  bits: number;
  isoCode: string;
  name: string;
}

type Bytes = number[];

const header = (type: number, size: number): Bytes => {
  if (size >= 29) throw new Error('country-mmdb writes only small values');
  return type <= 7 ? [(type << 5) | size] : [size, type - 7];
};
const text = (s: string): Bytes => {
  const b = [...Buffer.from(s, 'utf8')];
  return [...header(2, b.length), ...b];
};
const uint = (type: 5 | 6 | 9, value: number, width: number): Bytes => {
  const b: Bytes = [];
  for (let i = width - 1; i >= 0; i--) b.push(Math.floor(value / 256 ** i) % 256);
  return [...header(type, width), ...b];
};
const map = (entries: [string, Bytes][]): Bytes => [
  ...header(7, entries.length),
  ...entries.flatMap(([k, v]) => [...text(k), ...v]),
];
const array = (items: Bytes[]): Bytes => [...header(11, items.length), ...items.flat()];

const bitsOf = (address: string): number[] =>
  address.split('.').flatMap((octet) => [...Number(octet).toString(2).padStart(8, '0')].map(Number));

type Slot = { node: number } | { data: number } | null;

export function countryMmdb(networks: CountryNetwork[]): Buffer {
  const nodes: [Slot, Slot][] = [[null, null]];
  const data: Bytes = [];
  for (const n of networks) {
    const offset = data.length;
    data.push(
      ...map([
        [
          'country',
          map([
            ['iso_code', text(n.isoCode)],
            ['names', map([['en', text(n.name)]])],
          ]),
        ],
      ]),
    );
    const bits = bitsOf(n.address).slice(0, n.bits);
    let at = 0;
    bits.forEach((bit, depth) => {
      const node = nodes[at] as [Slot, Slot];
      if (depth === bits.length - 1) {
        node[bit as 0 | 1] = { data: offset };
        return;
      }
      const next = node[bit as 0 | 1];
      if (next && 'node' in next) at = next.node;
      else {
        nodes.push([null, null]);
        at = nodes.length - 1;
        node[bit as 0 | 1] = { node: at };
      }
    });
  }
  const count = nodes.length;
  const record = (s: Slot) => (s === null ? count : 'node' in s ? s.node : count + 16 + s.data);
  const tree = nodes.flatMap(([l, r]) => [
    ...uint(6, record(l), 4).slice(2),
    ...uint(6, record(r), 4).slice(2),
  ]);
  const metadata = map([
    ['binary_format_major_version', uint(5, 2, 2)],
    ['binary_format_minor_version', uint(5, 0, 2)],
    ['build_epoch', uint(9, 1_700_000_000, 4)],
    ['database_type', text('Signpost-Test-Country')],
    ['description', map([['en', text('test networks')]])],
    ['ip_version', uint(5, 4, 2)],
    ['languages', array([text('en')])],
    ['node_count', uint(6, count, 4)],
    ['record_size', uint(5, 24, 2)],
  ]);
  const marker = [0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com')];
  return Buffer.from([...tree, ...new Array(16).fill(0), ...data, ...marker, ...metadata]);
}
