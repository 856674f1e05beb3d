// The Dockerfile, Makefile and package.json agree with the manifests (no Docker engine here, so
// these are static checks of what a learner's `docker build` and `make` will do).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR, imageNodeOptions } from './helpers.ts';

const read = (f: string) => readFileSync(join(APP_DIR, f), 'utf8');
const instructions = (dockerfile: string) =>
  dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

describe('Dockerfile', () => {
  const lines = instructions(read('Dockerfile'));
  const froms = lines.filter((l) => /^FROM /i.test(l));
  const finalStage = lines.slice(lines.lastIndexOf(froms.at(-1)!));

  it('is multi-stage on Node 24 slim or alpine', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/^FROM node:24(\.[\d.]+)?-(slim|alpine)\b/);
  });

  it('final stage: only package.json and the built JS, numeric non-root user, no HEALTHCHECK', () => {
    const copies = finalStage.filter((l) => /^COPY /i.test(l));
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) expect(c).toMatch(/^COPY --from=build \/src\/(dist|package\.json) /);
    expect(finalStage).toContain('USER 10001:10001');
    expect(finalStage).toContain('EXPOSE 8000');
    // exec form: node, then only node options, then the entry point (bench/app.sh reads the options from here)
    const cmd = finalStage.at(-1)!;
    expect(cmd).toMatch(/^CMD \[/);
    const argv = JSON.parse(cmd.slice(4)) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.at(-1)).toBe('dist/server.js');
    for (const flag of argv.slice(1, -1)) expect(flag).toMatch(/^--[a-z][a-z0-9-]*(=\S+)?$/);
    expect(lines.some((l) => /^HEALTHCHECK/i.test(l))).toBe(false);
    expect(finalStage.some((l) => /npm (ci|install)/.test(l))).toBe(false);
  });

  it('the tests start the server with the CMD\'s node options', () => {
    const cmd = JSON.parse(finalStage.at(-1)!.slice(4)) as string[];
    expect(imageNodeOptions()).toEqual(cmd.slice(1, -1));
    expect(imageNodeOptions()).toContain('--no-concurrent-recompilation');
  });

  it('.dockerignore keeps build output, dependencies and tests out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const p of ['node_modules', 'dist', 'test']) expect(ignored).toContain(p);
  });
});

describe('Makefile', () => {
  const makefile = read('Makefile');

  it('has the guide\'s targets', () => {
    for (const t of ['dev', 'run', 'docker-build', 'docker-run', 'deploy', 'status', 'logs', 'scale', 'undeploy', 'clean']) {
      expect(makefile, t).toMatch(new RegExp(`^${t}:`, 'm'));
    }
  });

  it('builds the image the manifests use and works in the tutor\'s namespace by default', () => {
    expect(makefile).toMatch(/^IMAGE\s+\?= fastapi-k8s:1\.0\.0$/m);
    expect(makefile).toMatch(/^NAMESPACE \?= k8s-tutor$/m);
    const manifest = readFileSync(join(APP_DIR, '..', 'manifests', 'k8s.yaml'), 'utf8');
    expect(manifest).toContain('image: fastapi-k8s:1.0.0');
    // every kubectl call goes through $(K), which carries --namespace
    expect(makefile).toMatch(/^K := \$\(KUBECTL\) --namespace \$\(NAMESPACE\)$/m);
    const rawKubectl = makefile.split('\n').filter((l) => /^\t.*\$\(KUBECTL\) (?!get namespace|create namespace)/.test(l));
    expect(rawKubectl).toEqual([]);
  });
});

describe('package.json', () => {
  it('is an ESM package with no runtime dependencies', () => {
    const pkg = JSON.parse(read('package.json')) as Record<string, unknown>;
    expect(pkg.type).toBe('module');
    expect(pkg.dependencies).toBeUndefined();
    expect(Object.keys(pkg.devDependencies as object).sort()).toEqual(['@types/node', 'typescript']);
  });
});
