/**
 * Which property keys a project marks personal (issue 15 §2 adds the setting). Until that lands the erasure
 * service reads it through this port, which answers none; the request may name keys of its own meanwhile.
 */
export type PersonalKeysOf = (projectId: number) => Promise<readonly string[]>;

export const noPersonalKeys: PersonalKeysOf = async () => [];
