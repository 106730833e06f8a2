/**
 * The emulator's authentication, RBAC and impersonation proven with real kubectl (admin token with
 * --as, and users' own tokens) and with fetch for the exact Status and review JSON.
 */
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { kubectlFor, type Kubectl } from '../support/kubectl.ts';

let sim: Simulator;
let admin: Kubectl;
const tokens = new Map<string, string>();
const clients = new Map<string, Kubectl>();

/** kubectl with the named user's own token (added on first use). */
function as(user: string): Kubectl {
  const known = clients.get(user);
  if (known) return known;
  const token = sim.addUser({ name: user });
  tokens.set(user, token);
  const client = kubectlFor(sim.kubeconfig('prod-us', token));
  clients.set(user, client);
  return client;
}

async function ok(k: Kubectl, args: string[]): Promise<string> {
  const r = await k.run(args);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.code, args.join(' ')).toBe(0);
  return r.stdout;
}

const RBAC = 'rbac.authorization.k8s.io';

beforeAll(async () => {
  sim = await startSimulator({ clusters: ['prod-us'], seed: 3, users: [{ name: 'sre-bot', groups: ['sre'], token: 'sre-bot-token' }] });
  admin = kubectlFor(sim.kubeconfig('prod-us'));
  for (const ns of ['team-a', 'team-b']) await ok(admin, ['create', 'namespace', ns]);
  await ok(admin, ['create', 'rolebinding', 'alice-view', '-n', 'team-a', '--clusterrole=view', '--user=alice']);
  await ok(admin, ['create', 'rolebinding', 'sre-edit', '-n', 'team-b', '--clusterrole=edit', '--group=sre']);
  await ok(admin, ['create', 'rolebinding', 'dave-view', '-n', 'default', '--clusterrole=view', '--user=dave']);
  await ok(admin, ['create', 'rolebinding', 'erin-edit', '-n', 'default', '--clusterrole=edit', '--user=erin']);
  await ok(admin, ['create', 'role', 'pod-getter', '-n', 'default', '--verb=get', '--resource=pods']);
  await ok(admin, ['create', 'rolebinding', 'henry-get', '-n', 'default', '--role=pod-getter', '--user=henry']);
  await ok(admin, ['create', 'role', 'pod-lister', '-n', 'team-a', '--verb=list', '--resource=pods']);
  await ok(admin, ['create', 'rolebinding', 'carol-list', '-n', 'team-a', '--role=pod-lister', '--user=carol']);
  await ok(admin, ['create', 'role', 'one-cm', '-n', 'team-a', '--verb=get', '--resource=configmaps', '--resource-name=allowed']);
  await ok(admin, ['create', 'rolebinding', 'frank-one-cm', '-n', 'team-a', '--role=one-cm', '--user=frank']);
  await ok(admin, ['create', 'configmap', 'allowed', '-n', 'team-a', '--from-literal=k=v']);
  await ok(admin, ['create', 'configmap', 'other', '-n', 'team-a', '--from-literal=k=v']);
}, 30_000);

afterAll(async () => {
  await sim.stop();
  for (const k of [admin, ...clients.values()]) rmSync(k.dir, { recursive: true, force: true });
});

describe('RBAC objects', () => {
  it('bootstraps the upstream ClusterRoles and their bindings, and applies RBAC manifests', async () => {
    const roles = await ok(admin, ['get', 'clusterroles', '-o', 'name']);
    for (const name of ['cluster-admin', 'admin', 'edit', 'view', 'system:basic-user', 'system:discovery']) expect(roles).toContain(`clusterrole.${RBAC}/${name}\n`);
    const bindings = await ok(admin, ['get', 'clusterrolebindings', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.subjects[0].name} {end}']);
    expect(bindings.trim().split(' ').sort()).toEqual(['cluster-admin=system:masters', 'system:basic-user=system:authenticated', 'system:discovery=system:authenticated']);
    const manifest = [
      `{"apiVersion":"${RBAC}/v1","kind":"Role","metadata":{"name":"secret-reader","namespace":"team-b"},"rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}]}`,
      `{"apiVersion":"${RBAC}/v1","kind":"RoleBinding","metadata":{"name":"gina-secrets","namespace":"team-b"},"roleRef":{"apiGroup":"${RBAC}","kind":"Role","name":"secret-reader"},"subjects":[{"apiGroup":"${RBAC}","kind":"User","name":"gina"}]}`,
    ];
    expect(await ok(admin, ['apply', '-f', admin.file('rbac.yaml', manifest.join('\n---\n'))])).toBe(
      `role.${RBAC}/secret-reader created\nrolebinding.${RBAC}/gina-secrets created\n`,
    );
    expect((await admin.run(['auth', 'can-i', 'get', 'secrets', '-n', 'team-b', '--as', 'gina'])).stdout).toBe('yes\n');
  });
});

describe('kubectl auth', () => {
  it('can-i follows RoleBindings by user and by group, namespace by namespace', async () => {
    const canI = async (...args: string[]): Promise<string> => (await admin.run(['auth', 'can-i', ...args])).stdout.trim();
    expect(await canI('list', 'pods', '-n', 'team-a', '--as', 'alice')).toBe('yes');
    expect(await canI('list', 'pods', '-n', 'team-b', '--as', 'alice')).toBe('no');
    expect(await canI('delete', 'pods', '-n', 'team-a', '--as', 'alice')).toBe('no');
    expect(await canI('get', 'secrets', '-n', 'team-a', '--as', 'alice')).toBe('no');
    expect(await canI('delete', 'pods', '-n', 'team-b', '--as', 'alice', '--as-group', 'sre')).toBe('yes');
    expect(await canI('create', 'pods', '--subresource=exec', '-n', 'team-b', '--as', 'alice', '--as-group', 'sre')).toBe('yes');
    expect(await canI('get', 'pods', '--subresource=log', '-n', 'team-b', '--as', 'alice')).toBe('no');
    expect(await canI('list', 'pods', '-n', 'team-a', '--as', 'alice', '--as-group', 'sre')).toBe('yes');
    expect(await canI('create', 'deployments.apps', '-n', 'team-b', '--as', 'bob')).toBe('no');
    expect(await canI('*', '*', '--all-namespaces')).toBe('yes');
    const r = await admin.run(['auth', 'can-i', 'list', 'pods', '-n', 'team-b', '--as', 'alice']);
    expect(r.code).toBe(1);
  });

  it('can-i --list shows the rules of the namespace', async () => {
    const out = await ok(admin, ['auth', 'can-i', '--list', '-n', 'team-a', '--as', 'alice']);
    expect(out).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/);
    expect(out).toMatch(/\npods\s+\[\]\s+\[\]\s+\[get list watch\]/);
    expect(out).toMatch(/\nselfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/);
    expect(out).toMatch(/\n\s+\[\/api\/\*\]\s+\[\]\s+\[get\]/);
    expect(out).not.toMatch(/\nsecrets\s/);
    const elsewhere = await ok(admin, ['auth', 'can-i', '--list', '-n', 'team-b', '--as', 'alice']);
    expect(elsewhere).not.toMatch(/\npods\s/);
  });

  it('whoami names the user and groups, impersonated or by token', async () => {
    const impersonated = await ok(admin, ['auth', 'whoami', '--as', 'alice', '--as-group', 'sre', '-o', 'json']);
    expect(JSON.parse(impersonated)).toMatchObject({ kind: 'SelfSubjectReview', status: { userInfo: { username: 'alice', groups: ['sre', 'system:authenticated'] } } });
    expect(await ok(admin, ['auth', 'whoami'])).toMatch(/Username\s+kubernetes-admin\nGroups\s+\[system:masters system:authenticated\]/);
    expect(await ok(kubectlFor(sim.kubeconfig('prod-us', 'sre-bot-token')), ['auth', 'whoami'])).toMatch(/Username\s+sre-bot\nGroups\s+\[sre system:authenticated\]/);
  });
});

describe('requests with a user token', () => {
  it('reads where bound and is refused elsewhere in the apiserver words', async () => {
    const alice = as('alice');
    const inA = await alice.run(['get', 'pods', '-n', 'team-a']);
    expect(inA.code).toBe(0);
    expect(inA.stderr).toBe('No resources found in team-a namespace.\n');
    const inB = await alice.run(['get', 'pods', '-n', 'team-b']);
    expect(inB.code).toBe(1);
    expect(inB.stderr).toBe('Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team-b"\n');
    const nodes = await alice.run(['get', 'nodes']);
    expect(nodes.stderr).toBe('Error from server (Forbidden): nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope\n');
    const deploy = await alice.run(['create', 'deployment', 'x', '--image=nginx', '-n', 'team-a']);
    expect(deploy.stderr).toBe('error: failed to create deployment: deployments.apps is forbidden: User "alice" cannot create resource "deployments" in API group "apps" in the namespace "team-a"\n');
  });

  it('a list-only role may list but not watch', async () => {
    const carol = as('carol');
    expect((await carol.run(['get', 'pods', '-n', 'team-a'])).code).toBe(0);
    const w = await carol.run(['get', 'pods', '-n', 'team-a', '-w']);
    expect(w.code).not.toBe(0);
    expect(w.stderr).toContain('pods is forbidden: User "carol" cannot watch resource "pods" in API group "" in the namespace "team-a"');
  });

  it('resourceNames allow the named object only', async () => {
    const frank = as('frank');
    expect(await ok(frank, ['get', 'configmap', 'allowed', '-n', 'team-a', '-o', 'name'])).toBe('configmap/allowed\n');
    expect((await frank.run(['get', 'configmap', 'other', '-n', 'team-a'])).stderr).toBe(
      'Error from server (Forbidden): configmaps "other" is forbidden: User "frank" cannot get resource "configmaps" in API group "" in the namespace "team-a"\n',
    );
    expect((await frank.run(['get', 'configmaps', '-n', 'team-a'])).stderr).toContain('configmaps is forbidden: User "frank" cannot list resource "configmaps"');
  });

  it('logs need get on pods/log and exec create on pods/exec, by token and impersonated', async () => {
    expect((await as('dave').run(['logs', 'my-pod', '-c', 'app', '--tail=2'])).stdout.trimEnd().split('\n')).toHaveLength(2);
    expect((await admin.run(['logs', 'my-pod', '-c', 'app', '--tail=1', '--as', 'dave'])).code).toBe(0);
    const refusedLog = await admin.run(['logs', 'my-pod', '-c', 'app', '--tail=1', '--as', 'henry']);
    expect(refusedLog.stderr).toBe('Error from server (Forbidden): pods "my-pod" is forbidden: User "henry" cannot get resource "pods/log" in API group "" in the namespace "default"\n');
    const refusedExec = await as('dave').run(['exec', 'my-pod', '-c', 'app', '--', 'echo', 'hi']);
    expect(refusedExec.code).not.toBe(0);
    expect(refusedExec.stderr).toContain('pods "my-pod" is forbidden: User "dave" cannot create resource "pods/exec" in API group "" in the namespace "default"');
    expect(await ok(as('erin'), ['exec', 'my-pod', '-c', 'app', '--', 'echo', 'hi'])).toBe('hi\n');
    expect(await ok(admin, ['exec', 'my-pod', '-c', 'app', '--as', 'erin', '--', 'echo', 'hi'])).toBe('hi\n');
  });
});

describe('impersonation', () => {
  it('needs the impersonate verb, resourceNames honoured', async () => {
    const alice = as('alice');
    const refused = await alice.run(['get', 'pods', '-n', 'team-a', '--as', 'bob']);
    expect(refused.stderr).toBe('Error from server (Forbidden): users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope\n');
    await ok(admin, ['create', 'clusterrole', 'impersonate-bob', '--verb=impersonate', '--resource=users', '--resource-name=bob']);
    await ok(admin, ['create', 'clusterrolebinding', 'alice-as-bob', '--clusterrole=impersonate-bob', '--user=alice']);
    const asBob = await alice.run(['get', 'pods', '-n', 'team-a', '--as', 'bob']);
    expect(asBob.stderr).toBe('Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "team-a"\n');
    expect((await alice.run(['get', 'pods', '-n', 'team-a', '--as', 'carol'])).stderr).toContain('users "carol" is forbidden: User "alice" cannot impersonate resource "users"');
    const group = await alice.run(['get', 'pods', '-n', 'team-a', '--as', 'bob', '--as-group', 'sre']);
    expect(group.stderr).toContain('groups "sre" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope');
  });
});

describe('exact JSON', () => {
  async function call(path: string, token: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
    const r = await fetch(`${plain.url}/clusters/prod-us${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  }
  let plain: Simulator;
  let alice: string;
  beforeAll(async () => {
    plain = await startSimulator({ clusters: ['prod-us'], tls: false });
    alice = plain.addUser({ name: 'alice', groups: ['dev'] });
    const binding = { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: 'dev-view' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' }, subjects: [{ apiGroup: RBAC, kind: 'Group', name: 'dev' }] };
    expect((await call(`/apis/${RBAC}/v1/namespaces/default/rolebindings`, plain.token, { method: 'POST', body: binding })).status).toBe(201);
    const dangling = { ...binding, metadata: { name: 'dangling' }, roleRef: { ...binding.roleRef, kind: 'Role', name: 'gone' } };
    expect((await call(`/apis/${RBAC}/v1/namespaces/shop/rolebindings`, plain.token, { method: 'POST', body: dangling })).status).toBe(201);
  });
  afterAll(() => plain.stop());

  it('401, 403 on resources, names and paths', async () => {
    expect(await call('/api/v1/pods', 'wrong')).toEqual({ status: 401, json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } });
    expect(await call('/api/v1/namespaces/kube-system/pods/x/log', alice)).toEqual({
      status: 403,
      json: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods "x" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "kube-system"',
        reason: 'Forbidden',
        details: { name: 'x', kind: 'pods' },
        code: 403,
      },
    });
    expect((await call('/apis/apps/v1/deployments?watch=1', alice)).json).toMatchObject({
      message: 'deployments.apps is forbidden: User "alice" cannot watch resource "deployments" in API group "apps" at the cluster scope',
      details: { group: 'apps', kind: 'deployments' },
    });
    expect((await call('/api/v1/namespaces/default/pods', alice, { method: 'DELETE' })).json.message).toBe(
      'pods is forbidden: User "alice" cannot deletecollection resource "pods" in API group "" in the namespace "default"',
    );
    expect((await call('/metrics', alice)).json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'forbidden: User "alice" cannot get path "/metrics"', reason: 'Forbidden', details: {}, code: 403 });
    expect((await call('/api/v1/namespaces/shop/pods', alice)).json.message).toBe(
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "shop": RBAC: role.rbac.authorization.k8s.io "gone" not found',
    );
    expect((await call('/version', alice)).status).toBe(200);
    expect((await call('/api/v1/namespaces/default/pods', alice)).status).toBe(200);
  });

  it('repeated Impersonate-Group headers each count, and each needs the verb', async () => {
    // fetch joins repeated headers into one; node:http sends an array value as separate header lines.
    const answer = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      const headers = { Authorization: `Bearer ${plain.token}`, 'Impersonate-User': 'system:serviceaccount:shop:ci', 'Impersonate-Group': ['a', 'b,c'], 'Impersonate-Uid': 'u-1' };
      const req = request(`${plain.url}/clusters/prod-us/apis/authentication.k8s.io/v1/selfsubjectreviews`, { method: 'POST', headers }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(answer.code).toBe(201);
    expect((JSON.parse(answer.body) as { status: unknown }).status).toEqual({ userInfo: { username: 'system:serviceaccount:shop:ci', uid: 'u-1', groups: ['a', 'b,c', 'system:authenticated'] } });
    const refused = await call('/api/v1/pods', alice, { headers: { 'Impersonate-User': 'system:serviceaccount:monitoring:ci' } });
    expect(refused.json.message).toBe('serviceaccounts "ci" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "monitoring"');
  });

  it('access reviews answer with the reason, rules reviews with the rules', async () => {
    const review = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } } };
    const ssar = await call('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', alice, { method: 'POST', body: review });
    expect(ssar).toEqual({
      status: 201,
      json: { ...review, metadata: { creationTimestamp: null }, status: { allowed: true, reason: 'RBAC: allowed by RoleBinding "dev-view/default" of ClusterRole "view" to Group "dev"' } },
    });
    const url = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { nonResourceAttributes: { path: '/apis/apps', verb: 'get' } } };
    expect((await call('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', alice, { method: 'POST', body: url })).json.status).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    });
    const ssrr = await call('/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', alice, { method: 'POST', body: { spec: { namespace: 'default' } } });
    const status = ssrr.json.status as { resourceRules: { resources?: string[]; verbs: string[] }[]; nonResourceRules: { nonResourceURLs: string[] }[]; incomplete: boolean };
    expect(status.incomplete).toBe(false);
    expect(status.resourceRules).toContainEqual({ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] });
    expect(status.resourceRules.some((r) => r.resources?.includes('pods') && r.verbs.includes('watch'))).toBe(true);
    expect(status.resourceRules.some((r) => r.resources?.includes('secrets'))).toBe(false);
    expect(status.nonResourceRules.flatMap((r) => r.nonResourceURLs)).toContain('/version');
    const shop = await call('/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', alice, { method: 'POST', body: { spec: { namespace: 'shop' } } });
    expect(shop.json.status).toMatchObject({ incomplete: true, evaluationError: 'role.rbac.authorization.k8s.io "gone" not found' });
  });

  it('subject access reviews need create on them', async () => {
    const sar = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'alice', groups: ['dev'], resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } } };
    const refused = await call('/apis/authorization.k8s.io/v1/subjectaccessreviews', alice, { method: 'POST', body: sar });
    expect(refused.json.message).toBe('subjectaccessreviews.authorization.k8s.io is forbidden: User "alice" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope');
    const answered = await call('/apis/authorization.k8s.io/v1/subjectaccessreviews', plain.token, { method: 'POST', body: sar });
    expect(answered.json.status).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "dev-view/default" of ClusterRole "view" to Group "dev"' });
    const local = { ...sar, kind: 'LocalSubjectAccessReview', spec: { ...sar.spec, groups: [] } };
    const denied = await call('/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews', plain.token, { method: 'POST', body: local });
    expect(denied).toMatchObject({ status: 201, json: { kind: 'LocalSubjectAccessReview', metadata: { namespace: 'default' }, status: { allowed: false } } });
  });
});
