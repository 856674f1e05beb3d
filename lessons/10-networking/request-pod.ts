import type { KubeObject } from '../kit.js';

/** A one-shot pod of the sample image that runs `node -e script` and exits; restricted like the manifests' pods. */
export function requestPod(name: string, image: string, script: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { run: name } },
    spec: {
      restartPolicy: 'Never',
      securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name,
        image,
        imagePullPolicy: 'Never',
        command: ['node', '-e', script],
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
      }],
    },
  };
}
