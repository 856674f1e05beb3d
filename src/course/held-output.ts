import type { Ui } from '../ui/ui.js';

/**
 * A Ui that holds what is printed until release(), so that a line which must come first (the kubectl
 * command of "do it for me") can be printed before what the work already said. A prompt or a spinner
 * releases what is held first, so that nothing is printed out of its turn.
 */
export function holdOutput(ui: Ui): { ui: Ui; release(): void } {
  const held: Array<() => void> = [];
  const release = () => {
    for (const print of held.splice(0)) print();
  };
  const holding: Ui = {
    get interactive() {
      return ui.interactive;
    },
    heading: (...args) => void held.push(() => ui.heading(...args)),
    say: (text) => void held.push(() => ui.say(text)),
    step: (text) => void held.push(() => ui.step(text)),
    command: (text) => void held.push(() => ui.command(text)),
    ok: (text) => void held.push(() => ui.ok(text)),
    bad: (text) => void held.push(() => ui.bad(text)),
    warn: (text) => void held.push(() => ui.warn(text)),
    dim: (text) => void held.push(() => ui.dim(text)),
    lines: (lines) => void held.push(() => ui.lines(lines)),
    table: (header, rows) => void held.push(() => ui.table(header, rows)),
    error: (message, hint) => void held.push(() => ui.error(message, hint)),
    progress(text) {
      release();
      return ui.progress(text);
    },
    select(message, choices, options) {
      release();
      return ui.select(message, choices, options);
    },
    confirm(message, options) {
      release();
      return ui.confirm(message, options);
    },
  };
  return { ui: holding, release };
}
