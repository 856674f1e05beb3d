import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureLearnerFiles, learnerCopyNotice, pastable, RECORD_FILE, shippedFiles, syncLearnerCopy, workdir } from '../../../src/course/workdir.js';

/** A tiny package root: two manifests and a sample app, so that each test can change "the shipped version". */
let root: string;
let dir: string;

beforeEach(() => {
  const base = mkdtempSync(join(tmpdir(), 'k8s-tutor-workdir-'));
  root = join(base, 'pkg');
  dir = join(base, 'learner', 'k8s-tutor');
  mkdirSync(join(root, 'manifests'), { recursive: true });
  mkdirSync(join(root, 'sample-app', 'src'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}');
  writeFileSync(join(root, 'manifests', 'k8s.yaml'), 'replicas: 5\n');
  writeFileSync(join(root, 'manifests', 'probes.yaml'), 'probes: yes\n');
  writeFileSync(join(root, 'manifests', 'notes.txt'), 'not a manifest\n');
  writeFileSync(join(root, 'sample-app', 'Dockerfile'), 'FROM node\n');
  writeFileSync(join(root, 'sample-app', 'Makefile'), 'build:\n');
  writeFileSync(join(root, 'sample-app', 'src', 'server.ts'), 'export {};\n');
});

const read = (file: string) => readFileSync(join(dir, file), 'utf8');

describe("the learner's copy of the course files", () => {
  it('K8S_TUTOR_WORKDIR, else ~/k8s-tutor; paths are pasted quoted when a shell would split them', () => {
    expect(workdir({ K8S_TUTOR_WORKDIR: '/x/y' })).toBe('/x/y');
    expect(workdir({ HOME: '/home/ann' })).toBe('/home/ann/k8s-tutor');
    expect(pastable('/home/ann/k8s-tutor/manifests')).toBe('/home/ann/k8s-tutor/manifests');
    expect(pastable("/Users/Ann Lee/it's")).toBe(`'/Users/Ann Lee/it'\\''s'`);
  });

  it('ships the YAML manifests, the sample app files and its sources', () => {
    expect(shippedFiles(root)).toEqual(['manifests/k8s.yaml', 'manifests/probes.yaml', 'sample-app/Dockerfile', 'sample-app/Makefile', 'sample-app/src/server.ts']);
  });

  it('is made on first use, said once, with a record of what the tutor wrote', () => {
    const first = ensureLearnerFiles(dir, root);
    expect(first.created).toBe(true);
    expect(first.written).toHaveLength(5);
    expect(learnerCopyNotice(first)).toBe(`Your copy of the course files: ${dir} (manifests/, sample-app/). Edit them freely; the tutor never overwrites your changes.`);
    expect(read('manifests/k8s.yaml')).toBe('replicas: 5\n');
    expect(Object.keys((JSON.parse(read(RECORD_FILE)) as { files: object }).files)).toHaveLength(5);
  });

  it("never overwrites the learner's edits; brings untouched copies up to date with a newer tutor", async () => {
    await syncLearnerCopy({ dir, root });
    writeFileSync(join(dir, 'manifests', 'k8s.yaml'), 'replicas: 3   # mine\n');
    // A newer tutor ships new versions of both files.
    writeFileSync(join(root, 'manifests', 'k8s.yaml'), 'replicas: 5\nimage: new\n');
    writeFileSync(join(root, 'manifests', 'probes.yaml'), 'probes: better\n');
    const report = await syncLearnerCopy({ dir, root });
    expect(report).toMatchObject({ created: false, written: [], updated: ['manifests/probes.yaml'], kept: ['manifests/k8s.yaml'], replaced: [] });
    expect(read('manifests/k8s.yaml')).toBe('replicas: 3   # mine\n');
    expect(read('manifests/probes.yaml')).toBe('probes: better\n');
    expect(learnerCopyNotice(report)).toBeUndefined();
  });

  it('asks before replacing an edited file, and replaces it only on yes; a deleted file comes back', async () => {
    await syncLearnerCopy({ dir, root });
    writeFileSync(join(dir, 'manifests', 'k8s.yaml'), 'edited\n');
    writeFileSync(join(dir, 'sample-app', 'Makefile'), 'edited\n');
    const asked: string[] = [];
    const report = await syncLearnerCopy({ dir, root, overwrite: (file) => (asked.push(file), file.endsWith('k8s.yaml')) });
    expect(asked).toEqual(['manifests/k8s.yaml', 'sample-app/Makefile']);
    expect(report).toMatchObject({ replaced: ['manifests/k8s.yaml'], kept: ['sample-app/Makefile'] });
    expect(read('manifests/k8s.yaml')).toBe('replicas: 5\n');
    expect(read('sample-app/Makefile')).toBe('edited\n');
    // Once replaced, the file is the tutor's again: a later update may touch it.
    writeFileSync(join(root, 'manifests', 'k8s.yaml'), 'replicas: 6\n');
    expect((await syncLearnerCopy({ dir, root })).updated).toEqual(['manifests/k8s.yaml']);
  });

  it('a folder made by an older tutor (no record): files equal to the shipped ones are adopted, others kept', async () => {
    mkdirSync(join(dir, 'manifests'), { recursive: true });
    writeFileSync(join(dir, 'manifests', 'k8s.yaml'), 'replicas: 5\n');
    writeFileSync(join(dir, 'manifests', 'probes.yaml'), 'old or edited\n');
    const report = await syncLearnerCopy({ dir, root });
    expect(report.kept).toEqual(['manifests/probes.yaml']);
    expect(report.written).toEqual(['sample-app/Dockerfile', 'sample-app/Makefile', 'sample-app/src/server.ts']);
    expect(existsSync(join(dir, RECORD_FILE))).toBe(true);
  });
});
