import { describe, expect, it } from 'vitest';
import { parseLabelSelector, type LabelSelector } from '../../src/core/label-selector.ts';

function selector(text: string): LabelSelector {
  const result = parseLabelSelector(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse, got: ${result.error}`);
  return result.value;
}

function rejection(text: string): string {
  const result = parseLabelSelector(text);
  if (result.ok) throw new Error(`expected "${text}" to be rejected`);
  return result.error;
}

type Labels = Record<string, string>;

/** Asserts which of the label sets the selector matches. */
function expectMatches(text: string, matching: Labels[], notMatching: Labels[]): void {
  const s = selector(text);
  for (const labels of matching) expect(s.matches(labels), `${text} should match ${JSON.stringify(labels)}`).toBe(true);
  for (const labels of notMatching) expect(s.matches(labels), `${text} should not match ${JSON.stringify(labels)}`).toBe(false);
}

describe('parseLabelSelector: matching', () => {
  it('the empty selector matches everything, labels or not', () => {
    for (const text of ['', '   ']) {
      const s = selector(text);
      expect(s.source).toBe('');
      expect(s.matches({ app: 'web' })).toBe(true);
      expect(s.matches({})).toBe(true);
      expect(s.matches(undefined)).toBe(true);
    }
  });

  it('= and == require the key with exactly that value', () => {
    for (const text of ['app=web', 'app==web', 'app = web', ' app == web ']) {
      expectMatches(text, [{ app: 'web' }, { app: 'web', tier: 'db' }], [{ app: 'api' }, { app: 'web2' }, { other: 'web' }, {}]);
    }
    expect(selector('app=web').matches(undefined)).toBe(false);
  });

  it('= with an empty value matches only an empty label value', () => {
    expectMatches('app=', [{ app: '' }], [{ app: 'web' }, {}]);
  });

  it('!= matches a different value and objects without the key', () => {
    expectMatches('tier!=db', [{ tier: 'web' }, { app: 'x' }, {}], [{ tier: 'db' }]);
    expect(selector('tier!=db').matches(undefined)).toBe(true);
  });

  it('in matches any listed value and requires the key', () => {
    expectMatches('env in (prod,staging)', [{ env: 'prod' }, { env: 'staging' }], [{ env: 'dev' }, { env: 'prod,staging' }, {}]);
    expectMatches('env in ( prod , staging )', [{ env: 'staging' }], [{ env: ' prod' }]);
    expectMatches('env in(prod)', [{ env: 'prod' }], [{ env: 'dev' }]);
  });

  it('notin matches unlisted values and objects without the key', () => {
    expectMatches('env notin (prod,staging)', [{ env: 'dev' }, {}], [{ env: 'prod' }, { env: 'staging' }]);
  });

  it('a bare key requires it to exist, whatever its value', () => {
    expectMatches('legacy', [{ legacy: '' }, { legacy: 'true' }], [{ legac: 'x' }, {}]);
  });

  it('!key requires it to be absent', () => {
    expectMatches('!legacy', [{}, { app: 'web' }], [{ legacy: '' }, { legacy: 'true' }]);
    expectMatches('! legacy', [{}], [{ legacy: 'x' }]);
  });

  it('> and < compare integer values and never match a missing or non-numeric one', () => {
    expectMatches('replicas>2', [{ replicas: '3' }, { replicas: '100' }], [{ replicas: '2' }, { replicas: '1' }, { replicas: 'many' }, {}]);
    expectMatches('replicas<10', [{ replicas: '9' }, { replicas: '0' }], [{ replicas: '10' }, { replicas: '11' }, { replicas: '9x' }, {}]);
    // numeric, not lexicographic
    expectMatches('gen>9', [{ gen: '10' }], [{ gen: '9' }]);
  });

  it('accepts prefixed keys such as app.kubernetes.io/name', () => {
    expectMatches(
      'app.kubernetes.io/name=web',
      [{ 'app.kubernetes.io/name': 'web' }],
      [{ name: 'web' }, { 'app.kubernetes.io/name': 'api' }, { 'kubernetes.io/name': 'web' }],
    );
    expectMatches('!node-role.kubernetes.io/control-plane', [{ 'kubernetes.io/os': 'linux' }], [{ 'node-role.kubernetes.io/control-plane': '' }]);
    expectMatches('app.kubernetes.io/part-of in (shop, checkout)', [{ 'app.kubernetes.io/part-of': 'checkout' }], [{}]);
  });

  it('combines requirements with AND', () => {
    const text = 'app=web,tier!=db,env in (prod,staging),!legacy,app.kubernetes.io/managed-by,replicas>1';
    const good = { app: 'web', tier: 'frontend', env: 'prod', 'app.kubernetes.io/managed-by': 'helm', replicas: '3' };
    expectMatches(
      text,
      [good, { ...good, env: 'staging', extra: 'x' }],
      [
        { ...good, app: 'api' },
        { ...good, tier: 'db' },
        { ...good, env: 'dev' },
        { ...good, legacy: 'yes' },
        { app: 'web', tier: 'frontend', env: 'prod', replicas: '3' },
        { ...good, replicas: '1' },
      ],
    );
    expect(selector(` ${text} `).source).toBe(text);
  });

  it('does not split on the commas inside an in (...) set', () => {
    expectMatches('env in (a,b),tier notin (c,d),x=y', [{ env: 'b', tier: 'e', x: 'y' }], [{ env: 'b', tier: 'd', x: 'y' }, { env: 'c', x: 'y' }]);
  });

  it('treats inherited object properties as absent labels', () => {
    expectMatches('constructor', [], [{}]);
    expectMatches('!toString', [{}], []);
  });
});

describe('parseLabelSelector: rejections', () => {
  it.each([
    ['app in (web', /unbalanced parentheses/],
    ['app in web)', /unbalanced parentheses/],
    ['env in (prod))', /unbalanced parentheses/],
    ['app=web,', /empty requirement/],
    [',app=web', /empty requirement/],
    ['app=web,,tier=db', /empty requirement/],
    ['app=web=x', /invalid label value "web=x"/],
    ['app===', /invalid label value "="/],
    ['app=-web', /invalid label value "-web"/],
    ['app=web-', /invalid label value "web-"/],
    ['app=we b', /cannot parse "app=we b"/],
    [`app=${'v'.repeat(64)}`, /invalid label value/],
    ['-app=web', /invalid label key "-app"/],
    ['app_=web', /invalid label key "app_"/],
    [`${'k'.repeat(64)}=v`, /invalid label key/],
    ['Example.com/app=web', /invalid label key prefix "Example.com"/],
    ['/app=web', /invalid label key prefix ""/],
    ['app.kubernetes.io/=web', /invalid label key "app.kubernetes.io\/"/],
    ['a/b/c=web', /invalid label key "a\/b\/c"/],
    ['env in (prod,-x)', /invalid label value "-x"/],
    ['env in (prod staging)', /invalid label value "prod staging"/],
    ['env notin (a,(b))', /invalid label value "\(b\)"/],
    ['replicas>two', /">" needs an integer, got "two"/],
    ['replicas<1.5', /"<" needs an integer, got "1.5"/],
    ['replicas>', /">" needs an integer/],
    ['replicas>=2', /invalid label value "=2"/],
    ['!!legacy', /cannot parse "!!legacy"/],
    ['!app=web', /invalid label key "!app"|cannot parse/],
    ['app web', /cannot parse "app web"/],
    ['app in prod', /cannot parse "app in prod"/],
  ])('rejects %j with a reason', (text, reason) => {
    const error = rejection(text);
    expect(error).toMatch(/^(invalid label selector: |unbalanced parentheses)/);
    expect(error).toMatch(reason);
  });
});
