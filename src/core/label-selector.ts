/**
 * Kubernetes label selectors (`app=web,tier!=db,env in (prod,staging),!legacy`): parsed once, then
 * matched against objects. The kit needs it to route one watch event to every matching subscription;
 * the gateway uses the same parser to reject a bad selector with a 400.
 */

type Operator = 'exists' | 'notexists' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

interface Requirement {
  readonly key: string;
  readonly op: Operator;
  readonly values: readonly string[];
}

/** A parsed label selector: `matches(labels)` tells whether an object's labels satisfy it. */
export interface LabelSelector {
  /** The selector text as given; the empty selector matches everything. */
  readonly source: string;
  /** True when every requirement holds for these labels. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

/** Outcome of {@link parseLabelSelector}. */
export type LabelSelectorResult = { ok: true; value: LabelSelector } | { ok: false; error: string };

const KEY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const PREFIX_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function keyError(key: string): string | null {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || prefix.length > 253 || !prefix.split('.').every((l) => PREFIX_LABEL.test(l))) {
      return `invalid label key prefix "${prefix}"`;
    }
  }
  if (name.length === 0 || name.length > 63 || !KEY_NAME.test(name)) return `invalid label key "${key}"`;
  return null;
}

function valueError(value: string): string | null {
  return value.length > 63 || !VALUE.test(value) ? `invalid label value "${value}"` : null;
}

/** Splits on commas that are not inside an `in (...)` set. */
function splitRequirements(text: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth < 0) return null;
    } else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function parseRequirement(text: string): Requirement | string {
  if (text.length === 0) return 'empty requirement';
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (set) {
    const [, key = '', op, list = ''] = set;
    const values = list.split(',').map((v) => v.trim());
    const bad = keyError(key) ?? values.map(valueError).find((e) => e !== null) ?? null;
    if (bad) return bad;
    return { key, op: op === 'in' ? 'in' : 'notin', values };
  }
  const cmp = /^([^\s=!<>]+)\s*(==|=|!=|>|<)\s*(\S*)$/.exec(text);
  if (cmp) {
    const [, key = '', op, value = ''] = cmp;
    const bad = keyError(key) ?? valueError(value);
    if (bad) return bad;
    if (op === '>' || op === '<') {
      if (!/^-?\d+$/.test(value)) return `"${op}" needs an integer, got "${value}"`;
      return { key, op: op === '>' ? 'gt' : 'lt', values: [value] };
    }
    return { key, op: op === '!=' ? '!=' : '=', values: [value] };
  }
  const exists = /^(!?)\s*([^\s=!<>(),]+)$/.exec(text);
  if (exists) {
    const [, not, key = ''] = exists;
    const bad = keyError(key);
    if (bad) return bad;
    return { key, op: not ? 'notexists' : 'exists', values: [] };
  }
  return `cannot parse "${text}"`;
}

function holds(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.op) {
    case 'exists':
      return has;
    case 'notexists':
      return !has;
    case '=':
      return has && value === r.values[0];
    case '!=':
      return !has || value !== r.values[0];
    case 'in':
      return has && r.values.includes(value ?? '');
    case 'notin':
      return !has || !r.values.includes(value ?? '');
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value ?? '')) return false;
      const n = Number(value);
      const limit = Number(r.values[0]);
      return r.op === 'gt' ? n > limit : n < limit;
    }
  }
}

/** Parses a Kubernetes label selector; the error says which requirement is wrong and why. */
export function parseLabelSelector(text: string): LabelSelectorResult {
  const source = text.trim();
  const requirements: Requirement[] = [];
  if (source.length > 0) {
    const parts = splitRequirements(source);
    if (!parts) return { ok: false, error: 'unbalanced parentheses in label selector' };
    for (const part of parts) {
      const r = parseRequirement(part);
      if (typeof r === 'string') return { ok: false, error: `invalid label selector: ${r}` };
      requirements.push(r);
    }
  }
  return {
    ok: true,
    value: {
      source,
      matches: (labels) => requirements.every((r) => holds(r, labels ?? {})),
    },
  };
}
