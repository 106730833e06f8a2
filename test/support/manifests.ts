/** The deploy/ kustomizations as objects: rendered with `kubectl kustomize`, looked up by kind and name. */
import { loadAllYaml } from '@kubernetes/client-node';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import type { Kubectl } from './kubectl.ts';

/** One rendered object: what every Kubernetes object has, the rest read through kubernetes-types casts. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** The kustomizations the repository ships, relative to the repository root. */
export const KUSTOMIZATIONS = ['deploy/base', 'deploy/overlays/single', 'deploy/overlays/replicated'] as const;

/** Renders a kustomization; throws with kubectl's message when it does not build. */
export async function render(kubectl: Kubectl, dir: string): Promise<Manifest[]> {
  const r = await kubectl.run(['kustomize', dir]);
  if (r.code !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr}`);
  return (loadAllYaml(r.stdout) as Manifest[]).filter(Boolean);
}

/** Every object of `kind`. */
export function ofKind(objects: readonly Manifest[], kind: string): Manifest[] {
  return objects.filter((o) => o.kind === kind);
}

/** The one object of `kind` named `name` (kustomize's hash suffixes included when `prefix`); throws when absent. */
export function find(objects: readonly Manifest[], kind: string, name: string, prefix = false): Manifest {
  const found = objects.find((o) => o.kind === kind && (prefix ? o.metadata.name.startsWith(`${name}-`) : o.metadata.name === name));
  if (!found) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found;
}

/** The pod spec of a Deployment or StatefulSet. */
export function podSpecOf(workload: Manifest): PodSpec {
  const spec = (workload as unknown as Deployment | StatefulSet).spec?.template.spec;
  if (!spec) throw new Error(`${workload.kind} ${workload.metadata.name} has no pod template`);
  return spec;
}

/** The container `name` of a pod spec; throws when absent. */
export function containerOf(spec: PodSpec, name: string): Container {
  const c = spec.containers.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

/** The manifests as a YAML stream of JSON documents (JSON is YAML), as `kubectl apply -f` reads a rendered kustomization. */
export function asStream(objects: readonly Manifest[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n---\n');
}
