import type { CheckResult } from '../checks/check.js';
import type { Ui } from '../ui/ui.js';

/** Prints check results: ✔ lines, and for each failure every verdict with its fix, then the trimmed diff. */
export function showResults(ui: Ui, results: CheckResult[]): void {
  for (const result of results) {
    if (result.passed) {
      ui.ok(result.message);
      continue;
    }
    const verdicts = result.verdicts ?? [{ sentence: result.message, fix: result.fix }];
    for (const v of verdicts) ui.bad(`${v.sentence}${v.fix ? `. Try: ${v.fix}` : ''}`);
    if (result.diff && result.diff.length > 0) ui.lines(result.diff);
  }
}

/** "3/5" from the first result that counts something, for spinners. */
export function progressOf(results: CheckResult[]): string {
  const counted = results.find((r) => !r.passed && r.progress) ?? results.find((r) => r.progress);
  return counted?.progress ? `${counted.progress.done}/${counted.progress.total}` : `${results.filter((r) => r.passed).length}/${results.length} checks`;
}
