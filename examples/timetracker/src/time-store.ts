export interface Project {
  id: string;
  name: string;
  ownerId: string;
  createdAt: Date;
}

export interface TimeEntry {
  id: string;
  userId: string;
  projectId: string;
  startedAt: Date;
  stoppedAt?: Date;
}

/** Projects and time entries in memory: the example's whole data layer. */
export class TimeStore {
  private readonly projects: Project[] = [];
  private readonly entries: TimeEntry[] = [];
  private nextId = 1;

  createProject(ownerId: string, name: string, now = new Date()): Project {
    const project = { id: `p${this.nextId++}`, name, ownerId, createdAt: now };
    this.projects.push(project);
    return project;
  }

  projectsOf(ownerId: string): Project[] {
    return this.projects.filter((p) => p.ownerId === ownerId);
  }

  project(ownerId: string, id: string): Project | undefined {
    return this.projects.find((p) => p.ownerId === ownerId && p.id === id);
  }

  running(userId: string): TimeEntry | undefined {
    return this.entries.find((e) => e.userId === userId && e.stoppedAt === undefined);
  }

  start(userId: string, projectId: string, now = new Date()): TimeEntry {
    const entry = { id: `t${this.nextId++}`, userId, projectId, startedAt: now };
    this.entries.push(entry);
    return entry;
  }

  stop(entry: TimeEntry, now = new Date()): TimeEntry {
    entry.stoppedAt = now;
    return entry;
  }

  entriesOf(userId: string): TimeEntry[] {
    return this.entries.filter((e) => e.userId === userId);
  }
}
