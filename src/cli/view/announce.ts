import type { Ui } from '../../ui/ui.js';

/** The view's address, said once, with what it is and when it stops. */
export function announceView(ui: Ui, url: string, namespace: string): void {
  ui.ok(`Live view of namespace ${namespace}: ${url}`);
  ui.dim('Open it in a browser on this machine (it answers nowhere else). It stops when the tutor does.');
}
