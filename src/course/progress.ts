import { mkdirSync, readFileSync, renameSync, writeFileSync, accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ProgressError } from '../errors.js';

export interface LessonProgress {
  status: 'in-progress' | 'done';
  /** Steps finished so far; a rerun continues from here. */
  step: number;
  updatedAt: string;
  /** Before/after baselines of the lesson's checks, by check name. */
  baselines?: Record<string, unknown>;
  facts?: Record<string, unknown>;
}

export interface ProgressData {
  version: 1;
  current?: string;
  lessons: Record<string, LessonProgress>;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.K8S_TUTOR_CONFIG_DIR) return env.K8S_TUTOR_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(env.HOME ?? homedir(), '.config');
  return join(base, 'k8s-tutor');
}

const empty = (): ProgressData => ({ version: 1, lessons: {} });

function isProgress(value: unknown): value is ProgressData {
  const v = value as ProgressData;
  return typeof v === 'object' && v !== null && v.version === 1 && typeof v.lessons === 'object' && v.lessons !== null && !Array.isArray(v.lessons);
}

/**
 * Progress by lesson id, in one JSON file. Writes go to a temporary file that is renamed over the
 * old one, so a crash or Ctrl-C never leaves half a file. A corrupt file is set aside and the
 * learner starts fresh, with a warning naming the copy.
 */
export class ProgressStore {
  readonly file: string;
  /** Set when load() found a corrupt file. */
  warning?: string;
  private data?: ProgressData;

  constructor(readonly dir: string) {
    this.file = join(dir, 'progress.json');
  }

  load(): ProgressData {
    if (this.data) return this.data;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      this.data = empty();
      return this.data;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isProgress(parsed)) throw new Error('not a progress file');
      this.data = parsed;
    } catch {
      const backup = `${this.file}.corrupt-${Date.now()}`;
      try {
        renameSync(this.file, backup);
        this.warning = `your progress file was unreadable; it was kept as ${backup} and you start fresh`;
      } catch {
        this.warning = `your progress file ${this.file} is unreadable; starting fresh`;
      }
      this.data = empty();
    }
    return this.data;
  }

  /** Fails early, with a clear message, when progress could not be saved. */
  assertWritable(): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      accessSync(this.dir, constants.W_OK);
      if (existsSync(this.file)) accessSync(this.file, constants.W_OK);
    } catch (error) {
      throw new ProgressError(`cannot save progress in ${this.dir} (${(error as NodeJS.ErrnoException).code ?? 'not writable'})`, 'Make that directory writable, or point K8S_TUTOR_CONFIG_DIR (or XDG_CONFIG_HOME) at one that is.', { cause: error });
    }
  }

  save(data: ProgressData): void {
    this.data = data;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (error) {
      throw new ProgressError(`cannot save progress to ${this.file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'Make that directory writable, or set K8S_TUTOR_CONFIG_DIR to one that is.', { cause: error });
    }
  }

  lesson(id: string): LessonProgress | undefined {
    return this.load().lessons[id];
  }

  update(id: string, change: (current: LessonProgress | undefined) => LessonProgress): LessonProgress {
    const data = structuredClone(this.load());
    const next = { ...change(data.lessons[id]), updatedAt: new Date().toISOString() };
    data.lessons[id] = next;
    data.current = id;
    this.save(data);
    return next;
  }

  clear(): void {
    this.save(empty());
  }
}
