import type { Properties } from '../events/event.ts';

export interface Person {
  id: string;
  projectId: number;
  createdAt: Date;
  properties: Properties;
  isIdentified: boolean;
  /** Bumped on every change; the newest version of a person wins when rows are read back. */
  version: number;
  distinctIds: string[];
}
