import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../../../lessons/catalog.js';
import { capture } from './capture.js';

/**
 * The bad inputs that need no cluster, run in-process: each ends in exit 2, one line
 * "k8s-tutor: …" and one hint line on stderr, no stack trace, and an untouched progress file.
 * (test/e2e/safety-bad-input.test.ts runs the same table, and the cluster cases, as real processes.)
 */

const PROGRESS = `${JSON.stringify({ version: 1, current: 'core-concepts', lessons: { 'core-concepts': { status: 'in-progress', step: 3, updatedAt: '2026-01-01T00:00:00.000Z' } } }, null, 2)}\n`;

let dir: string;
let env: NodeJS.ProcessEnv;

function kubeconfig(name: string, context: string, server: string): string {
  const file = join(dir, name);
  writeFileSync(file, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: '${server}', insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: '${context}', context: {cluster: c, user: u}}]
current-context: '${context}'
`);
  return file;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-tutor-bad-'));
  const config = join(dir, 'config');
  mkdirSync(config);
  writeFileSync(join(config, 'progress.json'), PROGRESS);
  const local = kubeconfig('local.yaml', 'k8s-tutor-local', 'https://127.0.0.1:1');
  env = { HOME: dir, K8S_TUTOR_CONFIG_DIR: config, KUBECONFIG: local, NO_COLOR: '1', PATH: process.env.PATH };
});

const cases: [name: string, argv: () => string[], message: RegExp, envChange?: () => NodeJS.ProcessEnv][] = [
  ['unknown lesson', () => ['lesson', 'scalling', '--yes'], /^unknown lesson "scalling"$/],
  ['lesson number out of range', () => ['lesson', String(catalog.length + 1), '--yes'], new RegExp(`^there is no lesson ${catalog.length + 1}$`)],
  ['lesson number 0', () => ['lesson', '0', '--yes'], /^there is no lesson 0$/],
  ['--watch with --json', () => ['check', '1', '--watch', '--json'], /^--watch and --json do not go together$/],
  ['--timeout that is no number', () => ['check', '1', '--watch', '--timeout', 'soon'], /^--timeout soon is not a number of seconds$/],
  ['start with --yes', () => ['start', '--yes'], /^start is the interactive menu/],
  ['an unknown option', () => ['list', '--colour-me-red'], /^unknown option '--colour-me-red'/],
  ['an unknown command', () => ['lesons'], /^unknown command 'lesons'/],
  ['a missing argument', () => ['lesson'], /^missing required argument 'lesson'$/],
  ['the default namespace', () => ['list', '-n', 'default'], /^the tutor will not work in the default namespace$/],
  ['kube-system', () => ['lesson', '1', '--yes', '-n', 'kube-system'], /^the tutor will not work in the kube-system namespace$/],
  ['an invalid namespace name', () => ['list', '-n', 'My_Space'], /^"My_Space" is not a valid namespace name$/],
  ['a non-TTY lesson without --yes', () => ['lesson', '1'], /^a lesson needs a terminal/],
  ['a non-TTY start', () => ['start'], /^start shows a menu and needs a terminal$/],
  ['a non-TTY reset without --yes', () => ['reset'], /^reset deletes things and asks first/],
  ['--kubeconfig naming a missing file', () => ['lesson', '1', '--yes', '--kubeconfig', join(dir, 'nope.yaml')], /^kubeconfig file .*nope\.yaml does not exist$/],
  ['KUBECONFIG naming a missing file', () => ['lesson', '1', '--yes'], /^KUBECONFIG points at .*missing\.yaml, which does not exist$/, () => ({ ...env, KUBECONFIG: join(dir, 'missing.yaml') })],
  ['an unparsable kubeconfig', () => ['check', '1', '--kubeconfig', join(dir, 'broken.yaml')], /^kubeconfig .*broken\.yaml cannot be read/, () => (writeFileSync(join(dir, 'broken.yaml'), 'clusters: [\n  - {name: c\n'), env)],
  ['a kubeconfig with no contexts', () => ['check', '1'], /^your kubeconfig has no contexts$/, () => (writeFileSync(join(dir, 'empty.yaml'), 'apiVersion: v1\nkind: Config\n'), { ...env, KUBECONFIG: join(dir, 'empty.yaml') })],
  ['a context that does not exist', () => ['lesson', '1', '--yes', '--context', 'kind-nope'], /^context "kind-nope" is not in your kubeconfig$/],
  ['no kubeconfig at all', () => ['check', '1'], /^no kubeconfig found/, () => ({ ...env, KUBECONFIG: undefined })],
  ['a cluster that is not local (guard)', () => ['lesson', '1', '--yes', '--kubeconfig', kubeconfig('eks.yaml', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'https://192.0.2.10:6443')], /^refusing to change context "arn:aws:eks:eu-west-1:123456789012:cluster\/prod" \(server https:\/\/192\.0\.2\.10:6443\) does not look like a local cluster$/],
  ['reset on a cluster that is not local (guard)', () => ['reset', '--yes', '--kubeconfig', kubeconfig('eks.yaml', 'prod', 'https://192.0.2.10:6443')], /^refusing to change context "prod"/],
  ['an unwritable config dir', () => ['lesson', '1', '--yes'], /^cannot save progress in .*\(ENOTDIR\)$/, () => (writeFileSync(join(dir, 'plainfile'), ''), { ...env, K8S_TUTOR_CONFIG_DIR: join(dir, 'plainfile', 'k8s-tutor') })],
];

describe('bad input without a cluster', () => {
  it.each(cases)('%s: exit 2, one line and a hint, no stack, progress untouched', async (_name, argv, message, envChange) => {
    const runEnv = envChange ? envChange() : env;
    const result = await capture(argv(), runEnv);
    const lines = result.stderr.trimEnd().split('\n');
    expect(result.exitCode, result.stderr).toBe(2);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^k8s-tutor: /);
    expect(lines[0]!.replace(/^k8s-tutor: /, '')).toMatch(message);
    expect(lines[1]).toMatch(/^ {2}hint: \S/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.ms).toBeLessThan(10_000);
    expect(readFileSync(join(dir, 'config', 'progress.json'), 'utf8')).toBe(PROGRESS);
    expect(readdirSync(join(dir, 'config')).sort()).toEqual(['progress.json']);
  });

  it('--verbose adds the stack trace and the cause', async () => {
    const result = await capture(['check', '1', '--verbose', '--kubeconfig', join(dir, 'broken.yaml')], (writeFileSync(join(dir, 'broken.yaml'), 'a: [\n'), env));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^k8s-tutor: kubeconfig .* cannot be read/);
    expect(result.stderr).toMatch(/^\s+at /m);
    expect(result.stderr).toMatch(/^cause: /m);
  });

  it('a corrupt progress file is set aside with a warning, and the command still works', async () => {
    writeFileSync(join(dir, 'config', 'progress.json'), '{"version":1,"lessons":{"core-concepts":');
    const result = await capture(['list', '--json'], env);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(catalog.length);
    const files = readdirSync(join(dir, 'config'));
    expect(files.some((f) => f.startsWith('progress.json.corrupt-'))).toBe(true);
  });
});
