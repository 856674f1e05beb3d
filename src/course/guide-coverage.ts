/**
 * Which kubectl commands of the course guide no lesson mentions. A lesson mentions a command when
 * one line of its source holds the command's words in order (placeholders, pod names and flag values
 * left out), so a command counts whether the tutor runs it, the learner types it, or the lesson
 * names it with the reason it is not taught.
 */

export interface GuideCommand {
  /** The command as the guide prints it (continuation lines joined). */
  text: string;
  /** "6. Self-Healing": the guide section it appears in. */
  section: string;
  line: number;
}

/** Every kubectl command in the guide's shell code blocks, in order. */
export function guideCommands(markdown: string): GuideCommand[] {
  const commands: GuideCommand[] = [];
  const lines = markdown.split('\n');
  let section = '';
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^## (.+)$/.exec(line);
    if (!fence && heading) section = heading[1]!.trim();
    const opening = /^```\s*(\w*)/.exec(line);
    if (opening) {
      fence = fence === undefined ? opening[1] || 'text' : undefined;
      continue;
    }
    if (!['bash', 'sh', 'shell', 'console'].includes(fence ?? '')) continue;
    if (!/^\s*kubectl\s/.test(line)) continue;
    let text = line.trim();
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1).trim()} ${lines[++i]!.trim()}`;
    commands.push({ text: stripComment(text), section, line: i + 1 });
  }
  return commands;
}

function stripComment(text: string): string {
  return text.replace(/\s+#\s.*$/, '').trim();
}

const KIND_ALIASES: Record<string, string> = {
  pods: 'pod', po: 'pod', deployments: 'deployment', deploy: 'deployment', svc: 'service', services: 'service',
  nodes: 'node', no: 'node', ep: 'endpoints', endpoint: 'endpoints', hpa: 'horizontalpodautoscaler',
  horizontalpodautoscalers: 'horizontalpodautoscaler', replicasets: 'replicaset', rs: 'replicaset',
};

/** A Deployment's pod, as kubectl shows it: NAME-<template hash>-<5 random characters>. */
const GENERATED_POD_NAME = /^[a-z0-9][a-z0-9-]*-[a-z0-9]{5,10}-[a-z0-9]{5}$/;

/** The words that make a command itself: no <placeholders>, no generated pod names, no flag values. */
export function signature(command: string): string[] {
  return words(command).filter((w) => !/^<.*>$/.test(w) && !GENERATED_POD_NAME.test(w));
}

function words(text: string): string[] {
  const out: string[] = [];
  // A flag's value goes, quoted ones whole: --type='json', -p='[{"op": "add", …}]'.
  const unvalued = text.replace(/(\s--?[\w-]+)=('[^']*'|"[^"]*"|\S+)/g, '$1');
  for (const raw of unvalued.split(/\s+/)) {
    let word = raw.replace(/^[`'"([]+|[`'",;)\]]+$/g, '');
    if (!word) continue;
    const flag = /^(--?[\w-]+)=/.exec(word);
    if (flag) word = flag[1]!;
    // kubectl takes "deployment/NAME" and "deployment NAME" alike.
    const slash = /^([a-z]+)\/([\w.-]+)$/.exec(word);
    if (slash && !word.includes('://')) {
      out.push(KIND_ALIASES[slash[1]!] ?? slash[1]!, slash[2]!);
      continue;
    }
    out.push(KIND_ALIASES[word] ?? word);
  }
  return out;
}

/** True when `line` holds every word of the signature, in order. */
export function lineMentions(line: string, commandSignature: string[]): boolean {
  const have = words(line);
  let at = 0;
  for (const word of have) if (word === commandSignature[at] && ++at === commandSignature.length) return true;
  return commandSignature.length === 0;
}

/**
 * The guide's commands that no lesson source mentions. `constants` are substituted into the sources
 * first (`${APP}` → fastapi-k8s), as the lesson prints them.
 */
export function unmentioned(commands: GuideCommand[], sources: string[], constants: Record<string, string> = {}): GuideCommand[] {
  const lines = sources.flatMap((source) => {
    let text = source;
    for (const [name, value] of Object.entries(constants)) text = text.replaceAll(`\${${name}}`, value);
    return text.split('\n');
  });
  return commands.filter((command) => {
    const wanted = signature(command.text);
    return !lines.some((line) => lineMentions(line, wanted));
  });
}
