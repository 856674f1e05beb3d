/** The namespace the tutor uses when no -n is given. */
export const DEFAULT_NAMESPACE = 'k8s-tutor';

/** A k8s-tutor command line to print, with the -n the learner is using, so that it works pasted as it is. */
export function tutorCommand(args: string, namespace: string): string {
  return `k8s-tutor ${args}${namespace === DEFAULT_NAMESPACE ? '' : ` -n ${namespace}`}`;
}
