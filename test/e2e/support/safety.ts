import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { kubeconfig, repoRoot, type Run, type Workspace } from './harness.js';

/** Shared by the safety-*.test.ts files: the lessons that are written, and throwaway kubeconfigs. */

export interface Listing {
  id: string;
  number: number;
  title: string;
  status: string;
}

/** Every lesson, as `list --json` reports them, in course order. */
export async function allLessons(ws: Workspace): Promise<Listing[]> {
  const run = await ws.tutor(['list', '--json']);
  if (run.exitCode !== 0) throw new Error(`list --json failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Listing[];
}

/** The Secret values the lessons use: from manifests/config.yaml and from the tutor's namespace. */
export async function secretValues(ws: Workspace): Promise<string[]> {
  const values: string[] = [];
  for (const doc of parseAllDocuments(readFileSync(join(repoRoot, 'manifests', 'config.yaml'), 'utf8'))) {
    const o = doc.toJS() as { kind?: string; stringData?: Record<string, string>; data?: Record<string, string> } | null;
    if (o?.kind !== 'Secret') continue;
    values.push(...Object.values(o.stringData ?? {}), ...Object.values(o.data ?? {}).map((v) => Buffer.from(v, 'base64').toString('utf8')));
  }
  const run = await ws.kubectl(['get', 'secrets', '-n', ws.namespace, '-o', 'json']);
  const items = (JSON.parse(run.stdout) as { items: { type: string; data?: Record<string, string> }[] }).items;
  values.push(...items.filter((s) => s.type !== 'kubernetes.io/service-account-token').flatMap((s) => Object.values(s.data ?? {}).map((v) => Buffer.from(v, 'base64').toString('utf8'))));
  return [...new Set(values)].filter((v) => v.length >= 6);
}

/** Where any of the values, or their base64 form, appears in the texts (never the value itself). */
export function secretLeaks(values: string[], texts: [where: string, text: string][]): string[] {
  const needles = values.flatMap((v) => [v, Buffer.from(v).toString('base64')]);
  return texts.flatMap(([where, text]) => needles.filter((n) => text.includes(n)).map((n) => `${where} shows ${n.slice(0, 4)}…`));
}

/** The progress file of a workspace, as text ('' when there is none). */
export function progressText(ws: Workspace): string {
  const file = join(ws.configDir, 'progress.json');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Runs each lesson with --yes, in order; returns each run. */
export async function runLessons(ws: Workspace, lessons: Listing[], args: string[] = []): Promise<Map<string, Run>> {
  const runs = new Map<string, Run>();
  for (const lesson of lessons) runs.set(lesson.id, await ws.tutor(['lesson', lesson.id, '--yes', ...args], { timeoutMs: 600_000 }));
  return runs;
}

interface KubeconfigFile {
  clusters: { name: string; cluster: Record<string, string> }[];
  users: { name: string; user: Record<string, string> }[];
}

/** The local cluster's CA (base64 PEM), from the admin kubeconfig. */
export function localCa(): string {
  const admin = parse(readFileSync(kubeconfig, 'utf8')) as KubeconfigFile;
  return admin.clusters[0]!.cluster['certificate-authority-data']!;
}

/** A one-context kubeconfig with a bearer token, written to a fresh temp dir. */
export function tokenKubeconfig(options: { context: string; server: string; token: string; caData?: string }): string {
  const file = join(mkdtempSync(join(tmpdir(), 'k8s-tutor-kc-')), 'kubeconfig');
  const cluster = options.caData ? `certificate-authority-data: ${options.caData}` : 'insecure-skip-tls-verify: true';
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: ${options.server}
    ${cluster}
users:
- name: u
  user:
    token: ${options.token}
contexts:
- name: '${options.context}'
  context: {cluster: c, user: u}
current-context: '${options.context}'
`,
    { mode: 0o600 },
  );
  return file;
}

/** stderr as the contract wants it for exit 2: "k8s-tutor: …" and "  hint: …", no stack trace. */
export function errorLines(run: Run): { message: string; hint: string; lineCount: number; hasStack: boolean } {
  const lines = run.stderr.trimEnd().split('\n').filter((l) => l.length > 0);
  const messageLine = lines.find((l) => l.startsWith('k8s-tutor: ')) ?? '';
  const hintLine = lines.find((l) => l.startsWith('  hint: ')) ?? '';
  return {
    message: messageLine.replace(/^k8s-tutor: /, ''),
    hint: hintLine.replace(/^ {2}hint: /, ''),
    lineCount: lines.length,
    hasStack: /^\s+at \S/m.test(run.stderr),
  };
}
