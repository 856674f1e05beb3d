// Notes kept in DATA_DIR/notes.json, for the persistent-storage lesson: on an emptyDir they die
// with the pod, on a PersistentVolumeClaim they outlive it.
// Writes are atomic (temp file + fsync + rename), and one process applies them one at a time.
import { join } from 'node:path';

// node:fs/promises when the notes are first used, not at startup (it loads streams and readline too).
const fsp = () => process.getBuiltinModule('node:fs/promises');
import type { Logger } from './log.ts';

export interface Note {
  id: number;
  text: string;
  created_at: string;
  server: string;
}

export const MAX_NOTE_LENGTH = 1000;
export const MAX_NOTES = 1000;

export class NotesError extends Error {
  override name = 'NotesError';
}

export class NotesStore {
  readonly dir: string;
  readonly file: string;
  readonly #server: string;
  readonly #log: Logger;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string, server: string, log: Logger) {
    this.dir = dir;
    this.file = join(dir, 'notes.json');
    this.#server = server;
    this.#log = log;
  }

  list(): Promise<Note[]> {
    return this.#serial(() => this.#read());
  }

  add(text: string): Promise<Note> {
    return this.#serial(async () => {
      const notes = await this.#read();
      const note: Note = {
        id: notes.reduce((max, n) => Math.max(max, n.id), 0) + 1,
        text,
        created_at: new Date().toISOString(),
        server: this.#server,
      };
      notes.push(note);
      await this.#write(notes.slice(-MAX_NOTES));
      return note;
    });
  }

  #serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job, job);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<Note[]> {
    let raw: string;
    try {
      raw = await fsp().readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new NotesError(`cannot read ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (Array.isArray(parsed) && parsed.every(isNote)) return parsed;
    } catch {
      // fall through: the file is not ours or is damaged
    }
    // Keep the damaged file for a human to look at, and start a fresh list rather than fail forever.
    const aside = `${this.file}.corrupt-${Date.now()}`;
    await fsp().rename(this.file, aside).catch(() => undefined);
    this.#log.warning('notes file was not a valid notes list; moved it aside and started fresh', { file: this.file, moved_to: aside });
    return [];
  }

  async #write(notes: Note[]): Promise<void> {
    // Unique enough without node:crypto (which would load for this alone): one process writes one at a time.
    const tmp = join(this.dir, `.notes.json.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
    const { mkdir, open, rename, rm } = fsp();
    try {
      await mkdir(this.dir, { recursive: true });
      const fh = await open(tmp, 'w', 0o644);
      try {
        await fh.writeFile(`${JSON.stringify(notes, null, 2)}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.file);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw new NotesError(`cannot write ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    await syncDir(this.dir); // make the rename itself durable
  }
}

function isNote(v: unknown): v is Note {
  if (typeof v !== 'object' || v === null) return false;
  const n = v as Record<string, unknown>;
  return typeof n.id === 'number' && typeof n.text === 'string' && typeof n.created_at === 'string' && typeof n.server === 'string';
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await fsp().open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Not every filesystem lets a directory be fsynced; the rename has happened either way.
  }
}
