/**
 * The resource types one emulated cluster serves: the built-in ones, plus the versions of every
 * established CustomResourceDefinition, which come and go at runtime.
 */
import { API_GROUPS, RESOURCE_TYPES, qualifiedName, type ResourceType } from './resources.js';

/** One named API group with its served versions, the preferred one first. */
export interface ServedGroup {
  readonly name: string;
  readonly versions: readonly string[];
}

/** Kubernetes' version priority: GA before beta before alpha, higher numbers first, others last by name. */
function versionRank(version: string): [number, number, number, string] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!m) return [3, 0, 0, version];
  const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
  return [stage, -Number(m[1]), -Number(m[3] ?? 0), version];
}

function byPriority(a: string, b: string): number {
  const ra = versionRank(a);
  const rb = versionRank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return Number(ra[i]) - Number(rb[i]);
  return ra[3] < rb[3] ? -1 : ra[3] > rb[3] ? 1 : 0;
}

/** Served types, built-in and custom. */
export class TypeRegistry {
  /** Custom types by the name of the CRD that defines them. */
  private readonly custom = new Map<string, readonly ResourceType[]>();

  /** Every served type, built-ins first. */
  all(): readonly ResourceType[] {
    return [...RESOURCE_TYPES, ...[...this.custom.values()].flat()];
  }

  /** The type served at group/version/plural, if any. */
  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  /** The named groups served, in discovery order: the built-in groups, then custom groups by name. */
  groups(): ServedGroup[] {
    const versions = new Map<string, Set<string>>(API_GROUPS.map((g) => [g, new Set(['v1'])]));
    const custom = [...this.custom.values()].flat().sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
    for (const t of custom) versions.set(t.group, (versions.get(t.group) ?? new Set()).add(t.version));
    return [...versions].map(([name, served]) => ({ name, versions: [...served].sort(byPriority) }));
  }

  /** True when `t` is one of the emulator's own types (validated by kind), not a custom one. */
  isBuiltIn(t: ResourceType): boolean {
    return RESOURCE_TYPES.includes(t);
  }

  /** The CRD (other than `except`) whose types already use the plural or kind of `t` in its group, if any. */
  conflicting(t: Pick<ResourceType, 'group' | 'plural' | 'kind'>, except: string): string | undefined {
    if (RESOURCE_TYPES.some((b) => b.group === t.group && (b.plural === t.plural || b.kind === t.kind))) return qualifiedName(t as ResourceType);
    for (const [crd, types] of this.custom) {
      if (crd !== except && types.some((c) => c.group === t.group && (c.plural === t.plural || c.kind === t.kind))) return crd;
    }
    return undefined;
  }

  /** Serves `types` for the CRD `crd`, replacing what it served before. */
  serve(crd: string, types: readonly ResourceType[]): void {
    this.custom.set(crd, types);
  }

  /** Stops serving the types of `crd`; returns them. */
  unserve(crd: string): readonly ResourceType[] {
    const types = this.custom.get(crd) ?? [];
    this.custom.delete(crd);
    return types;
  }
}
