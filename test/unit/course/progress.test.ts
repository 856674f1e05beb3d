import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressError } from '../../../src/errors.js';
import { configDir, ProgressStore } from '../../../src/course/progress.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'k8s-tutor-progress-'));

describe('the progress store', () => {
  it('starts empty without a file, and writes nothing just by reading', () => {
    const dir = fresh();
    expect(new ProgressStore(dir).load()).toEqual({ version: 1, lessons: {} });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('saves by lesson id through a temporary file that it renames, leaving no *.tmp', () => {
    const dir = fresh();
    const store = new ProgressStore(dir);
    store.update('scaling', () => ({ status: 'in-progress', step: 2, updatedAt: '' }));
    expect(readdirSync(dir)).toEqual(['progress.json']);
    const saved = JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'));
    expect(saved).toMatchObject({ version: 1, current: 'scaling', lessons: { scaling: { status: 'in-progress', step: 2 } } });
    expect(new ProgressStore(dir).lesson('scaling')?.step).toBe(2);
  });

  it.each([
    ['not JSON', '{"version": 1, "lessons": {'],
    ['another version', '{"version": 2, "lessons": {}}'],
    ['lessons as a list', '{"version": 1, "lessons": []}'],
    ['null', 'null'],
  ])('sets a corrupt file (%s) aside, warns with the copy, and starts fresh', (_what, text) => {
    const dir = fresh();
    writeFileSync(join(dir, 'progress.json'), text);
    const store = new ProgressStore(dir);
    expect(store.load()).toEqual({ version: 1, lessons: {} });
    const [backup] = readdirSync(dir).filter((f) => f.startsWith('progress.json.corrupt-'));
    expect(backup).toBeDefined();
    expect(readFileSync(join(dir, backup!), 'utf8')).toBe(text);
    expect(store.warning).toContain(backup);
  });

  it('refuses early, with the directory and a hint, when progress cannot be saved', () => {
    const dir = fresh();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const store = new ProgressStore(join(file, 'k8s-tutor'));
    expect(() => store.assertWritable()).toThrow(ProgressError);
    expect(() => store.assertWritable()).toThrow(/cannot save progress in .*a-file\/k8s-tutor \(ENOTDIR\)/);
    expect(() => store.save({ version: 1, lessons: {} })).toThrow(ProgressError);
  });

  it('finds its directory like the design says', () => {
    expect(configDir({ K8S_TUTOR_CONFIG_DIR: '/x' })).toBe('/x');
    expect(configDir({ XDG_CONFIG_HOME: '/xdg', HOME: '/h' })).toBe('/xdg/k8s-tutor');
    expect(configDir({ HOME: '/h' })).toBe('/h/.config/k8s-tutor');
  });
});
