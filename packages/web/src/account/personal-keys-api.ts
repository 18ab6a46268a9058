import { del, get, post } from '../api/http.ts';
import type { PersonalKey } from '../api/types.ts';

const KEYS = '/api/personal_api_keys/';

/** The caller's own keys: an admin's list holds every member's, and "my keys" are mine only. */
export const listMyKeys = async (userId: string) =>
  (await get<PersonalKey[]>(KEYS)).filter((k) => k.user_id === userId);

export const createKey = (body: { label: string; scopes: string[]; expires_at: string | null }) =>
  post<PersonalKey>(KEYS, body);

export const revokeKey = (id: string) => del(`${KEYS}${encodeURIComponent(id)}`);
