import type { Check } from './check.js';
import { fail, pass } from './check.js';

/** GET / through the Service (the API server's proxy) answers 200: selector, ports and pods all line up. */
export function serviceAnswers(service: string, port = 80): Check {
  const name = `Service ${service} answers GET /`;
  return {
    name,
    watches: [{ apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }],
    async evaluate(ctx) {
      const answer = await ctx.kube.proxy({ kind: 'service', name: service, port }, '/').catch((error: unknown) => ({ status: 0, body: String(error) }));
      if (answer.status === 200) return pass(name, `Service ${service} answered 200`);
      return fail(name, `GET / through Service ${service} answered ${answer.status || 'nothing'}: ${answer.body.trim().split('\n')[0]!.slice(0, 120)}`, {
        path: 'spec.ports[0].targetPort', expected: 'the port the container listens on', actual: answer.status,
        fix: `kubectl describe svc ${service} -n ${ctx.namespace}; kubectl get endpointslices -l kubernetes.io/service-name=${service} -n ${ctx.namespace}`,
      });
    },
  };
}
