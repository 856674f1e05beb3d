import { shortPod } from '../kit.js';

const COLUMN = 16;

/** The guide's Service → pods picture, with each pod's real name and how many answers it gave. */
export function serviceFanOut(title: string, counts: Map<string, number>, failed: number): string[] {
  const pods = [...counts.entries()];
  if (pods.length === 0) return [title, `no pod answered (${failed} requests failed)`];
  const width = pods.length * COLUMN;
  const centre = (i: number) => i * COLUMN + Math.floor(COLUMN / 2);
  const trunk = Math.floor((centre(0) + centre(pods.length - 1)) / 2);
  const at = (chars: Map<number, string>, fill: string, from = 0, to = width) => {
    let line = '';
    for (let x = 0; x < width; x++) line += chars.get(x) ?? (x >= from && x <= to ? fill : ' ');
    return line.trimEnd();
  };
  const lines = [' '.repeat(Math.max(0, trunk - Math.floor(title.length / 2))) + title, at(new Map([[trunk, '│']]), ' ')];
  if (pods.length > 1) {
    const branch = new Map<number, string>();
    pods.forEach((_, i) => branch.set(centre(i), i === 0 ? '┌' : i === pods.length - 1 ? '┐' : '┬'));
    branch.set(trunk, branch.has(trunk) ? '┼' : '┴');
    lines.push(at(branch, '─', centre(0), centre(pods.length - 1)));
  }
  lines.push(at(new Map(pods.map((_, i) => [centre(i), '▼'])), ' '));
  const row = (texts: string[]) => {
    let line = '';
    texts.forEach((text, i) => {
      const start = Math.max(line.length + (i === 0 ? 0 : 1), centre(i) - Math.floor(text.length / 2));
      line += ' '.repeat(start - line.length) + text;
    });
    return line;
  };
  lines.push(row(pods.map(([name]) => shortPod(name).replace(/^.*?-…-/, '…-'))));
  lines.push(row(pods.map(([, n]) => `${n} answer${n === 1 ? '' : 's'}`)));
  if (failed > 0) lines.push(`(${failed} request${failed === 1 ? '' : 's'} failed)`);
  return lines;
}

/** Sends `requests` GETs to `path` through the Service (the API server's proxy) and counts which pod (`server`) answered each. */
export async function tallyServers(kube: { proxy: (target: { kind: 'service'; name: string; port: number }, path: string) => Promise<{ status: number; body: string }> }, service: string, path: string, requests = 20): Promise<{ counts: Map<string, number>; failed: number }> {
  const counts = new Map<string, number>();
  let failed = 0;
  for (let i = 0; i < requests; i++) {
    // A request that fails counts as failed, and the picture says how many.
    const answer = await kube.proxy({ kind: 'service', name: service, port: 80 }, path).catch(() => undefined);
    const server = answer?.status === 200 ? serverOf(answer.body) : undefined;
    if (server) counts.set(server, (counts.get(server) ?? 0) + 1);
    else failed++;
  }
  return { counts, failed };
}

function serverOf(body: string): string | undefined {
  try {
    const value = (JSON.parse(body) as { server?: unknown }).server;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Pure: "10 pods over 3 nodes: a 4, b 3, c 3", and why, when there is more than one node (nothing on one node). */
export function nodeSpread(podNodes: (string | undefined)[], nodes: string[]): string[] {
  if (nodes.length <= 1) return [];
  const counts = new Map<string, number>(nodes.map((n) => [n, 0]));
  for (const node of podNodes) counts.set(node ?? '(not scheduled yet)', (counts.get(node ?? '(not scheduled yet)') ?? 0) + 1);
  return [
    '',
    `${podNodes.length} pods over ${nodes.length} nodes: ${[...counts.entries()].map(([node, n]) => `${node} ${n}`).join(', ')}.`,
    'The scheduler spreads a Deployment\'s pods over the nodes, so that losing one node loses only some of them.',
  ];
}
