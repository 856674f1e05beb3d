import type { Ui } from '../ui/ui.js';

/**
 * `kubectl tutor …` (the kubectl-tutor plugin) calls itself `kubectl tutor` in its help and hints:
 * every "k8s-tutor <command>" the learner might type is rewritten. The namespace k8s-tutor and the
 * folder ~/k8s-tutor stay as they are.
 */
const COMMAND_WORDS = 'start|lesson|check|reset|list|hint|doctor|manifests|version|dev|help|--help|--version|\\[options\\]|<command>';
const TYPED = new RegExp(`\\bk8s-tutor(?= (?:${COMMAND_WORDS})(?![\\w-]))`, 'g');
const USAGE = /^Usage: k8s-tutor\b/m;

export function asName(text: string, name: string | undefined): string {
  if (!name || name === 'k8s-tutor') return text;
  return text.replace(USAGE, `Usage: ${name}`).replace(TYPED, name);
}

/** How the tutor was started: `kubectl tutor` when through the kubectl-tutor binary. */
export function invokedAs(argv: string[]): string {
  const script = argv[1] ?? '';
  return /(^|[\\/])kubectl-tutor(\.js)?$/.test(script) ? 'kubectl tutor' : 'k8s-tutor';
}

const TEXT_METHODS = ['say', 'step', 'command', 'ok', 'bad', 'warn', 'dim'] as const;

/** The UI, with every printed "k8s-tutor <command>" as `name` calls it. */
export function renamedUi(ui: Ui, name: string | undefined): Ui {
  if (!name || name === 'k8s-tutor') return ui;
  const rename = (t: unknown) => (typeof t === 'string' ? asName(t, name) : Array.isArray(t) ? t.map((l) => (typeof l === 'string' ? asName(l, name) : l)) : t);
  return new Proxy(ui, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if ((TEXT_METHODS as readonly (string | symbol)[]).includes(property) || property === 'lines' || property === 'error') {
        return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map(rename));
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
