/**
 * The part of a client address that throttling counts by. An IPv6 host usually holds a whole /64 (SLAAC hands
 * every machine 2^64 addresses), so counting full IPv6 addresses would give one attacker endless "new" clients;
 * the /64 prefix is what one subscriber controls. IPv4 and anything unparsable count as given.
 */
export function addressKey(address: string): string {
  const bare = address.split('%')[0] ?? address;
  if (!bare.includes(':')) return bare;
  const [head = '', tail] = bare.toLowerCase().split('::');
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const left = split(head);
  const right = tail === undefined ? [] : split(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4) fills two groups; only the first four groups are kept anyway.
  const groups = right.some((g) => g.includes('.')) ? right.length + 1 : right.length;
  const zeros = Array.from({ length: Math.max(0, 8 - left.length - groups) }, () => '0');
  const prefix = [...left, ...zeros, ...right].slice(0, 4);
  if (prefix.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return bare;
  return `${prefix.map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
