import type { Check, CheckResult } from '../checks/check.js';

/**
 * While a try-it step waits, the learner's answers to checks that judge one (`answers: true`): each
 * failing message that differs from how the check first stood and from the last one shown is a
 * verdict on their latest try. `arrived` aborts when one comes in; `take()` hands them over and re-arms it.
 */
export class AnswerVerdicts {
  private readonly judged: Set<string>;
  private readonly first = new Map<string, string>();
  private readonly lastShown = new Map<string, string>();
  private waiting: string[] = [];
  private controller = new AbortController();

  constructor(checks: Check[]) {
    this.judged = new Set(checks.filter((c) => c.answers).map((c) => c.name));
  }

  get arrived(): AbortSignal {
    return this.controller.signal;
  }

  update(results: CheckResult[]): void {
    for (const r of results) {
      if (!this.judged.has(r.name)) continue;
      if (!this.first.has(r.name)) {
        this.first.set(r.name, r.message);
        continue;
      }
      if (r.passed || r.message === this.first.get(r.name) || r.message === this.lastShown.get(r.name)) continue;
      this.lastShown.set(r.name, r.message);
      this.waiting.push(r.message);
    }
    if (this.waiting.length > 0) this.controller.abort();
  }

  take(): string[] {
    const messages = this.waiting;
    this.waiting = [];
    this.controller = new AbortController();
    return messages;
  }
}
