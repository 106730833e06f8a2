/**
 * The Deployment controller: the ReplicaSet whose template is the Deployment's (ignoring
 * pod-template-hash) runs `spec.replicas` pods, created as `<deployment>-<hash>` when missing; every
 * older ReplicaSet is scaled to 0 at once (an immediate rollout); the status follows the ReplicaSets.
 */
import { isDeepStrictEqual } from 'node:util';
import type { StoredObject } from '../object.js';
import { ownerOf } from '../world/world.js';
import type { ControllerContext } from './context.js';
import { deploymentStatus } from './deployment-status.js';
import { recordAt, replicasOf, stringMap } from './fields.js';
import { TEMPLATE_HASH_LABEL, podTemplateHash } from './template-hash.js';

const REVISION = 'deployment.kubernetes.io/revision';

function withoutHash(template: Record<string, unknown>): Record<string, unknown> {
  const meta = recordAt(template, 'metadata');
  const labels = Object.fromEntries(Object.entries(stringMap(meta.labels)).filter(([k]) => k !== TEMPLATE_HASH_LABEL));
  return { ...template, metadata: { ...meta, labels } };
}

function revisionOf(o: StoredObject): number {
  return Number(o.metadata.annotations?.[REVISION] ?? 0) || 0;
}

function createReplicaSet(context: ControllerContext, deployment: StoredObject, owned: readonly StoredObject[]): StoredObject | undefined {
  const template = recordAt(deployment, 'spec', 'template');
  const hash = podTemplateHash(template);
  const meta = recordAt(template, 'metadata');
  const labels = { ...stringMap(meta.labels), [TEMPLATE_HASH_LABEL]: hash };
  const selector = recordAt(deployment, 'spec', 'selector');
  const revision = Math.max(revisionOf(deployment), ...owned.map(revisionOf)) + 1;
  const result = context.store.create(context.store.typeOf('ReplicaSet'), deployment.metadata.namespace, {
    metadata: { name: `${deployment.metadata.name}-${hash}`, labels, annotations: { [REVISION]: String(revision) }, ownerReferences: [ownerOf(deployment)] },
    spec: {
      replicas: replicasOf(deployment),
      selector: { ...selector, matchLabels: { ...stringMap(selector.matchLabels), [TEMPLATE_HASH_LABEL]: hash } },
      template: { ...template, metadata: { ...meta, labels } },
    },
  });
  if (!result.ok) console.warn(`deployment ${deployment.metadata.namespace}/${deployment.metadata.name}: ${result.status.message}`);
  return result.ok ? result.object : undefined;
}

function scale(context: ControllerContext, rs: StoredObject, replicas: number): void {
  if (replicasOf(rs) === replicas) return;
  context.store.update(context.store.typeOf('ReplicaSet'), rs.metadata.namespace, rs.metadata.name, (o) => ({ ...o, spec: { ...recordAt(o, 'spec'), replicas } }));
}

/** Brings one Deployment's ReplicaSets and status in line with its spec. */
export function reconcileDeployment(context: ControllerContext, namespace: string, name: string): void {
  const type = context.store.typeOf('Deployment');
  const deployment = context.store.get(type, namespace, name);
  if (!deployment) return;
  const template = withoutHash(recordAt(deployment, 'spec', 'template'));
  const owned = context.replicaSets.owned(deployment.metadata.uid);
  const current = owned.find((rs) => isDeepStrictEqual(withoutHash(recordAt(rs, 'spec', 'template')), template)) ?? createReplicaSet(context, deployment, owned);
  for (const rs of owned) if (rs !== current) scale(context, rs, 0);
  if (current) scale(context, current, replicasOf(deployment));
  const status = deploymentStatus(deployment, context.replicaSets.owned(deployment.metadata.uid), current);
  const revision = current?.metadata.annotations?.[REVISION];
  context.store.update(type, namespace, name, (o) => ({
    ...o,
    ...(revision ? { metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [REVISION]: revision } } } : {}),
    status,
  }));
}
