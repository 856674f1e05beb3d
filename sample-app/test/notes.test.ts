import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { get, post, startServer } from './helpers.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sample-app-notes-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('/notes', () => {
  it('keeps notes in DATA_DIR across a process restart', async () => {
    const data = join(tempDir(), 'nested', 'data'); // created on first write
    const first = await startServer({ DATA_DIR: data });
    try {
      expect((await get(first.port, '/notes')).json).toMatchObject({ notes: [], count: 0, data_dir: data });
      const a = await post(first.port, '/notes', { text: 'first note' });
      expect(a.status).toBe(201);
      expect(a.json).toMatchObject({ id: 1, text: 'first note', server: hostname() });
      expect(Date.parse(a.json.created_at)).not.toBeNaN();
      const b = await post(first.port, '/notes', { text: '  second, as sent  ' });
      expect(b.json).toMatchObject({ id: 2, text: '  second, as sent  ' });
    } finally {
      await first.stop(); // SIGKILL: nothing is flushed at exit; the writes were already durable
    }

    const second = await startServer({ DATA_DIR: data });
    try {
      const r = await get(second.port, '/notes');
      expect(r.json.count).toBe(2);
      expect(r.json.notes.map((n: { text: string }) => n.text)).toEqual(['first note', '  second, as sent  ']);
      const c = await post(second.port, '/notes', { text: 'third' });
      expect(c.json.id).toBe(3);
    } finally {
      await second.stop();
    }
    // the file is plain JSON, and no temp file was left behind
    expect(readdirSync(data)).toEqual(['notes.json']);
    expect(JSON.parse(readFileSync(join(data, 'notes.json'), 'utf8'))).toHaveLength(3);
  });

  it('loses no note when many arrive at once', async () => {
    const data = tempDir();
    const s = await startServer({ DATA_DIR: data });
    try {
      const replies = await Promise.all(Array.from({ length: 25 }, (_, i) => post(s.port, '/notes', { text: `note ${i}` })));
      expect(replies.every((r) => r.status === 201)).toBe(true);
      const ids = replies.map((r) => r.json.id as number).sort((x, y) => x - y);
      expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect((await get(s.port, '/notes')).json.count).toBe(25);
      expect(readdirSync(data)).toEqual(['notes.json']);
    } finally {
      await s.stop();
    }
  });

  it('moves a damaged notes file aside and starts fresh', async () => {
    const data = tempDir();
    writeFileSync(join(data, 'notes.json'), '{ this is not json');
    const s = await startServer({ DATA_DIR: data });
    try {
      const r = await get(s.port, '/notes');
      expect(r.status).toBe(200);
      expect(r.json.count).toBe(0);
      const files = readdirSync(data);
      expect(files.some((f) => f.startsWith('notes.json.corrupt-'))).toBe(true);
      await s.waitForLog((l) => l.level === 'warning' && /moved it aside/.test(l.msg));
      expect((await post(s.port, '/notes', { text: 'after' })).status).toBe(201);
    } finally {
      await s.stop();
    }
  });

  it('answers 500 with a hint when DATA_DIR cannot be written', async () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'a-file'), 'x');
    const s = await startServer({ DATA_DIR: join(parent, 'a-file', 'data') }); // a path under a regular file
    try {
      const r = await post(s.port, '/notes', { text: 'nowhere to go' });
      expect(r.status).toBe(500);
      expect(r.json.detail).toMatch(/cannot (read|write) .*ENOTDIR.*Is DATA_DIR writable\?/);
      expect((await get(s.port, '/health')).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
