import type { Check } from '../checks/check.js';
import type { ContextInfo } from '../kube/guard.js';
import type { Kube, KubeObject } from '../kube/types.js';
import type { Ui } from '../ui/ui.js';

/** What a lesson's functions get: the cluster, the screen, and the values picked along the way. */
export interface LessonContext {
  kube: Kube;
  ui: Ui;
  namespace: string;
  cluster: ContextInfo;
  /** --yes: every tryIt is done for the learner, every question answered with its default. */
  yes: boolean;
  /** --skip-tries: the tutor does its own steps and leaves every tryIt undone, for the learner to do later. */
  skipTries?: boolean;
  /** Values picked during the lesson (a pod's name, say), used by {placeholders} in kubectl lines. */
  vars: Record<string, string>;
  /** Facts that outlive the process (kept in the progress file with the lesson). */
  facts: Record<string, unknown>;
  /** Fills {ns} and {var} placeholders. */
  fill(template: string): string;
  /** The objects in a file under manifests/. */
  manifest(file: string): Promise<KubeObject[]>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

type Text = string | string[] | ((ctx: LessonContext) => Promise<string | string[]> | string | string[]);
type Kubectl = string | ((ctx: LessonContext) => string);

export interface ExplainStep {
  kind: 'explain';
  text: Text;
}

export interface ActStep {
  kind: 'act';
  say: string | ((ctx: LessonContext) => string);
  /** The kubectl equivalent, printed after the tutor acts (so it can name what run() picked). */
  kubectl?: Kubectl;
  /** The {placeholders} that run() sets in ctx.vars, for the lint (`dev check`). */
  sets?: string[];
  run(ctx: LessonContext): Promise<void | string[]>;
}

export interface WaitStep {
  kind: 'waitFor';
  say: string;
  until: Check[];
  timeoutMs?: number;
}

export interface TryStep {
  kind: 'tryIt';
  task: string;
  until: Check[];
  /** Escalating hints; {ns} and {var} are filled. */
  hints: string[];
  /** "Do it for me", and what --yes does. */
  doIt(ctx: LessonContext): Promise<void>;
  /** What doIt runs, in kubectl words. */
  kubectl?: Kubectl;
  /** The {placeholders} that doIt sets in ctx.vars, for the lint (`dev check`). */
  sets?: string[];
  timeoutMs?: number;
  /** true when the step makes sense on this cluster, or why it does not (said, and the step passed over). */
  applies?(ctx: LessonContext): Promise<true | string>;
}

export type Step = ExplainStep | ActStep | WaitStep | TryStep;

/** Something a lesson needs from earlier ones, offered to be set up when it is missing. */
export interface Need {
  say: string;
  satisfied(ctx: LessonContext): Promise<boolean>;
  setUp(ctx: LessonContext): Promise<void>;
}

export interface Lesson {
  id: string;
  number: number;
  title: string;
  aliases?: string[];
  /** One line for menus. */
  summary: string;
  needs?: Need[];
  steps: Step[];
  /** What `k8s-tutor check` verifies once the lesson is done. */
  check: Check[];
  /** Hints for `k8s-tutor hint` when the check fails. */
  hints?: string[];
}

/** A cluster feature a lesson uses or adapts to. */
export type Feature = 'metrics' | 'storage' | 'load-balancer' | 'ingress' | 'dns' | 'several-nodes';

/** What a lesson needs from a cluster, as its row in lessons/outline.ts says: what doctor asks about. */
export interface LessonRequirements {
  /** Permissions (`verb resource[.group]`) in the course namespace the lesson cannot run without. */
  must: string[];
  /** Permissions in the course namespace a part of it uses; without them that part is skipped. */
  uses: string[];
  /** Cluster-wide permissions a part of it uses. */
  reads: string[];
  features: Feature[];
  /** Whether it runs the course's app, and so needs the sample image. */
  image: boolean;
  /** Whether the learner types kubectl in it. */
  kubectl: boolean;
}

/** What menus, `list`, lookups and doctor need: a lesson without its body. */
export type LessonHeader = Pick<Lesson, 'id' | 'number' | 'title' | 'aliases' | 'summary'> & { requires: LessonRequirements };

export function defineLesson(lesson: Lesson): Lesson {
  return { aliases: [], ...lesson };
}

export function explain(text: Text): ExplainStep {
  return { kind: 'explain', text };
}

export function act(step: Omit<ActStep, 'kind'>): ActStep {
  return { kind: 'act', ...step };
}

export function waitFor(step: Omit<WaitStep, 'kind'>): WaitStep {
  return { kind: 'waitFor', ...step };
}

export function tryIt(step: Omit<TryStep, 'kind'>): TryStep {
  return { kind: 'tryIt', ...step };
}

