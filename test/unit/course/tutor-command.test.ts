import { expect, it } from 'vitest';
import { DEFAULT_NAMESPACE, tutorCommand } from '../../../src/course/tutor-command.js';

it('prints the -n the learner uses, and none for the default namespace', () => {
  expect(tutorCommand('check config-and-secrets', 'learner')).toBe('k8s-tutor check config-and-secrets -n learner');
  expect(tutorCommand('check config-and-secrets', DEFAULT_NAMESPACE)).toBe('k8s-tutor check config-and-secrets');
});
