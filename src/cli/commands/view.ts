import { UsageError } from '../../errors.js';
import { assertReachable } from '../../kube/reachable.js';
import { defineCommand, type CommandInput, type CommandResult, type Deps } from '../deps.js';

export interface ViewReport {
  url: string;
  namespace: string;
}

export function validateView(input: CommandInput): Record<string, never> {
  if (input.global.json) throw new UsageError('view serves a page until you stop it, so --json has nothing to print', 'Run `k8s-tutor view` and open the address it prints.');
  return {};
}

/** Serves the live picture of the namespace until Ctrl-C. Read-only: it connects without write access. */
export async function runView(_options: unknown, deps: Deps): Promise<CommandResult<ViewReport>> {
  const session = await deps.connect({ writes: false });
  await assertReachable(session);
  const { openView } = await import('../view/open.js');
  const { announceView } = await import('../view/announce.js');
  const view = await openView(session);
  announceView(deps.ui, view.url, session.kube.namespace);
  deps.ui.dim('Ctrl-C stops it.');
  try {
    await new Promise<void>((resolve) => {
      if (deps.signal.aborted) return resolve();
      deps.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await view.close();
  }
  return { data: { url: view.url, namespace: session.kube.namespace }, exitCode: 0 };
}

export default defineCommand({ validate: validateView, run: runView, render: (ui) => ui.dim('Live view stopped.') });
