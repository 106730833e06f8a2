/** The rules a SelfSubjectRulesReview returns, evaluated locally as the apiserver's RBAC would. */

/** One resource rule of a rules review. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

function covers(list: readonly string[] | undefined, value: string): boolean {
  return list !== undefined && (list.includes('*') || list.includes(value));
}

function coversResource(resources: readonly string[] | undefined, resource: string, subresource: string): boolean {
  if (resources === undefined) return false;
  if (subresource === '') return resources.includes('*') || resources.includes(resource);
  return resources.includes('*') || resources.includes(`${resource}/${subresource}`) || resources.includes(`*/${subresource}`);
}

/** What one user may do in one namespace (including what cluster-wide bindings give there). */
export class RuleSet {
  constructor(private readonly rules: readonly ResourceRule[]) {}

  /** True when some rule grants `verb` on `group`/`resource` (and `subresource`) for every name, as a list or watch needs. */
  allows(verb: string, group: string, resource: string, subresource = ''): boolean {
    return this.rules.some(
      (rule) => covers(rule.verbs, verb) && covers(rule.apiGroups, group) && coversResource(rule.resources, resource, subresource) && (rule.resourceNames ?? []).length === 0,
    );
  }
}

/** The resource rules of a rules review's answer body; anything malformed is no rule. */
export function resourceRulesOf(body: unknown): ResourceRule[] {
  const status = (body as { status?: { resourceRules?: unknown } } | null)?.status;
  const rules = Array.isArray(status?.resourceRules) ? (status.resourceRules as unknown[]) : [];
  const names = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  return rules.flatMap((r) => {
    if (typeof r !== 'object' || r === null) return [];
    const o = r as Record<string, unknown>;
    const rule: ResourceRule = { verbs: names(o.verbs) ?? [] };
    const apiGroups = names(o.apiGroups);
    const resources = names(o.resources);
    const resourceNames = names(o.resourceNames);
    if (apiGroups) rule.apiGroups = apiGroups;
    if (resources) rule.resources = resources;
    if (resourceNames) rule.resourceNames = resourceNames;
    return [rule];
  });
}
