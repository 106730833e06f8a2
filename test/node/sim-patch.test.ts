import { describe, it, expect } from 'vitest';
import { applyPatch, type PatchResult } from '../../server/sim/patch.ts';

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const SMP = 'application/strategic-merge-patch+json';

const INVALID_422 = { ok: false, code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request' };

/** A Deployment as the emulator stores it, rebuilt per test so no test can leak into another. */
function deployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', tier: 'front' }, finalizers: ['a.example.com/x', 'b.example.com/y'] },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'shop/web:1.0',
              env: [
                { name: 'LOG_LEVEL', value: 'info' },
                { name: 'PORT', value: '8080' },
              ],
              ports: [{ containerPort: 8080, name: 'http' }],
              volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
            },
            { name: 'sidecar', image: 'envoy:1.30' },
          ],
          volumes: [{ name: 'cache', emptyDir: {} }],
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
        },
      },
    },
    status: {
      conditions: [
        { type: 'Available', status: 'True' },
        { type: 'Progressing', status: 'True' },
      ],
    },
  };
}

type Deployment = ReturnType<typeof deployment>;

function patched<T = Deployment>(result: PatchResult): T {
  if (!result.ok) throw new Error(`patch failed: ${result.code} ${result.message}`);
  return result.value as T;
}

const smp = (patch: unknown, target: unknown = deployment(), kind?: string) => applyPatch(target, JSON.stringify(patch), SMP, kind);
const jsonPatch = (ops: unknown, target: unknown = deployment()) => applyPatch(target, JSON.stringify(ops), JSON_PATCH);
const merge = (patch: unknown, target: unknown) => applyPatch(target, JSON.stringify(patch), MERGE);

function containers(d: Deployment) {
  return d.spec.template.spec.containers;
}

describe('content types', () => {
  const accepted =
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json';

  it.each([undefined, '', 'application/json', 'text/plain', 'application/apply-patch+yaml', 'application/apply-patch+cbor'])(
    'answers 415 UnsupportedMediaType for %s',
    (contentType) => {
      expect(applyPatch(deployment(), '{}', contentType)).toEqual({ ok: false, code: 415, reason: 'UnsupportedMediaType', message: accepted });
    },
  );

  it('ignores media type parameters and case', () => {
    expect(patched(applyPatch(deployment(), '{"spec":{"replicas":5}}', 'application/merge-patch+json; charset=utf-8')).spec.replicas).toBe(5);
    expect(patched(applyPatch(deployment(), '{"spec":{"replicas":6}}', 'Application/Strategic-Merge-Patch+JSON;charset=UTF-8')).spec.replicas).toBe(6);
  });

  it('checks the media type before the body', () => {
    expect(applyPatch(deployment(), 'not json', 'application/yaml')).toMatchObject({ code: 415 });
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  // RFC 7386 appendix A, every example.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('merges %j with %j', (target, patch, expected) => {
    expect(merge(patch, target)).toEqual({ ok: true, value: expected });
  });

  it('replaces lists wholesale, containers included', () => {
    const d = patched(merge({ spec: { template: { spec: { containers: [{ name: 'app', image: 'shop/web:2.0' }] } } } }, deployment()));
    expect(containers(d)).toEqual([{ name: 'app', image: 'shop/web:2.0' }]);
  });

  it('patches a Deployment as `kubectl patch --type=merge` does', () => {
    const d = patched(merge({ metadata: { labels: { tier: null, release: 'canary' } }, spec: { replicas: 4 } }, deployment()));
    expect(d.metadata.labels).toEqual({ app: 'web', release: 'canary' });
    expect(d.spec.replicas).toBe(4);
    expect(d.spec.template).toEqual(deployment().spec.template);
  });

  it('answers 400 "Invalid JSON Patch" for a body that is not JSON, null or a scalar', () => {
    for (const body of ['{"spec":', '', 'null', '42', '"text"', 'true']) {
      expect(applyPatch(deployment(), body, MERGE)).toEqual({ ok: false, code: 400, reason: 'BadRequest', message: 'Invalid JSON Patch' });
    }
  });

  it('answers 422 Invalid when the patch turns the object into an array', () => {
    const result = applyPatch(deployment(), '[1,2]', MERGE);
    expect(result).toMatchObject({ ok: false, code: 422, reason: 'Invalid' });
    expect(!result.ok && result.message).toMatch(/^ "" is invalid: patch: Invalid value: "\[1,2\]": /);
  });
});

describe('JSON patch (RFC 6902)', () => {
  // RFC 6902 appendix A.
  it.each([
    ['A.1 add an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
    ['A.2 add an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
    ['A.3 remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    ['A.4 remove an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
    ['A.5 replace a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
    [
      'A.6 move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    ['A.7 move an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
    [
      'A.8 test a value: success',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    ['A.10 add a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
    ['A.11 ignore unrecognized elements', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }], { foo: 'bar', baz: 'qux' }],
    ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
    ['A.16 add an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
    ['~1 addresses a key with a slash', { a: { 'b/c': 1 } }, [{ op: 'replace', path: '/a/b~1c', value: 2 }], { a: { 'b/c': 2 } }],
    ['copy deep-copies a value', { a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }, { op: 'replace', path: '/c/b', value: 2 }], { a: { b: 1 }, c: { b: 2 } }],
    ['test compares objects regardless of member order', { a: { x: 1, y: [1, { z: null }] } }, [{ op: 'test', path: '/a', value: { y: [1, { z: null }], x: 1 } }], { a: { x: 1, y: [1, { z: null }] } }],
    ['add at the end index appends', { foo: [1] }, [{ op: 'add', path: '/foo/1', value: 2 }], { foo: [1, 2] }],
    ['add replaces an existing member', { foo: 1 }, [{ op: 'add', path: '/foo', value: 2 }], { foo: 2 }],
    ['add with an empty path replaces the document', { foo: 1 }, [{ op: 'add', path: '', value: { bar: 2 } }], { bar: 2 }],
    ['replace with an empty path replaces the document', { foo: 1 }, [{ op: 'replace', path: '', value: { bar: 3 } }], { bar: 3 }],
    ['an empty key is a key', { '': 1 }, [{ op: 'replace', path: '/', value: 2 }], { '': 2 }],
    ['move onto itself is a no-op', { a: 1 }, [{ op: 'move', from: '/a', path: '/a' }], { a: 1 }],
  ])('%s', (_name, target, ops, expected) => {
    expect(jsonPatch(ops, target)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['A.9 test a value: error', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]],
    ['A.12 add to a nonexistent target', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]],
    ['A.15 comparing strings and numbers', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]],
    ['remove a missing member', { foo: 1 }, [{ op: 'remove', path: '/bar' }]],
    ['remove a missing index', { foo: [1] }, [{ op: 'remove', path: '/foo/1' }]],
    ['remove the document', { foo: 1 }, [{ op: 'remove', path: '' }]],
    ['replace a missing member', { foo: 1 }, [{ op: 'replace', path: '/bar', value: 2 }]],
    ['test a missing member', { foo: 1 }, [{ op: 'test', path: '/bar', value: null }]],
    ['add past the end of an array', { foo: [1] }, [{ op: 'add', path: '/foo/2', value: 3 }]],
    ['an index with a leading zero', { foo: [1, 2] }, [{ op: 'replace', path: '/foo/01', value: 3 }]],
    ['a negative index', { foo: [1, 2] }, [{ op: 'remove', path: '/foo/-1' }]],
    ['"-" outside add', { foo: [1] }, [{ op: 'replace', path: '/foo/-', value: 2 }]],
    ['a path that does not start with /', { foo: 1 }, [{ op: 'add', path: 'foo', value: 2 }]],
    ['an invalid ~ escape', { foo: 1 }, [{ op: 'add', path: '/fo~2o', value: 2 }]],
    ['a missing path', { foo: 1 }, [{ op: 'add', value: 2 }]],
    ['a missing value', { foo: 1 }, [{ op: 'add', path: '/bar' }]],
    ['a missing from', { foo: 1 }, [{ op: 'copy', path: '/bar' }]],
    ['move into its own child', { a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/b/c' }]],
    ['an unknown op', { foo: 1 }, [{ op: 'increment', path: '/foo' }]],
    ['a missing op', { foo: 1 }, [{ path: '/foo', value: 2 }]],
    ['a null operation', { foo: 1 }, [null]],
    ['a member lookup on a string', { foo: 'bar' }, [{ op: 'add', path: '/foo/x', value: 1 }]],
    ['the result is not an object', { foo: 1 }, [{ op: 'replace', path: '', value: [1] }]],
  ])('answers 422 for %s', (_name, target, ops) => {
    expect(jsonPatch(ops, target)).toMatchObject({ ok: false, code: 422, reason: 'Invalid' });
  });

  it('hides the operation error behind the generic 422 message, as kube-apiserver does', () => {
    expect(jsonPatch([{ op: 'test', path: '/spec/replicas', value: 9 }])).toEqual(INVALID_422);
    expect(jsonPatch([{ op: 'remove', path: '/spec/paused' }])).toEqual(INVALID_422);
  });

  it('applies nothing when a later operation fails', () => {
    const target = deployment();
    const result = jsonPatch([{ op: 'replace', path: '/spec/replicas', value: 7 }, { op: 'remove', path: '/nope' }], target);
    expect(result).toEqual(INVALID_422);
    expect(target.spec.replicas).toBe(2);
  });

  it('answers 400 with the decoder message for a body that is not a list of operations', () => {
    expect(jsonPatch({ op: 'add', path: '/a', value: 1 })).toEqual({
      ok: false,
      code: 400,
      reason: 'BadRequest',
      message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    });
    expect(jsonPatch(['add'])).toMatchObject({ code: 400, message: 'json: cannot unmarshal string into Go value of type jsonpatch.Operation' });
    expect(jsonPatch([true])).toMatchObject({ code: 400, message: 'json: cannot unmarshal bool into Go value of type jsonpatch.Operation' });
    expect(applyPatch(deployment(), '[{"op":', JSON_PATCH)).toMatchObject({ ok: false, code: 400, reason: 'BadRequest', message: 'unexpected end of JSON input' });
    expect(applyPatch(deployment(), 'nope', JSON_PATCH)).toMatchObject({ ok: false, code: 400, reason: 'BadRequest' });
  });

  it('treats a null body as an empty patch, like jsonpatch.DecodePatch', () => {
    expect(applyPatch(deployment(), 'null', JSON_PATCH)).toEqual({ ok: true, value: deployment() });
    expect(applyPatch(deployment(), '[]', JSON_PATCH)).toEqual({ ok: true, value: deployment() });
  });

  it('runs `kubectl patch --type=json` style operations on a Deployment', () => {
    const d = patched(
      jsonPatch([
        { op: 'test', path: '/metadata/name', value: 'web' },
        { op: 'replace', path: '/spec/replicas', value: 3 },
        { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'shop/web:1.1' },
        { op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'FEATURE_X', value: 'on' } },
        { op: 'add', path: '/metadata/annotations', value: { 'kubernetes.io/change-cause': 'rollout 1.1' } },
        { op: 'remove', path: '/spec/template/spec/tolerations' },
        { op: 'remove', path: '/metadata/labels/tier' },
        { op: 'move', from: '/spec/template/spec/containers/1', path: '/spec/template/spec/containers/0' },
        { op: 'copy', from: '/metadata/labels/app', path: '/spec/template/metadata/labels/copied' },
      ]),
    );
    expect(d.spec.replicas).toBe(3);
    expect(containers(d).map((c) => c.name)).toEqual(['sidecar', 'app']);
    expect(containers(d)[1]?.image).toBe('shop/web:1.1');
    expect(containers(d)[1]?.env?.at(-1)).toEqual({ name: 'FEATURE_X', value: 'on' });
    expect(d.metadata).toMatchObject({ labels: { app: 'web' }, annotations: { 'kubernetes.io/change-cause': 'rollout 1.1' } });
    expect(d.spec.template.spec).not.toHaveProperty('tolerations');
    expect(d.spec.template.metadata.labels).toEqual({ app: 'web', copied: 'web' });
  });

  it('keeps prototype keys as plain data', () => {
    const value = patched<Record<string, unknown>>(jsonPatch([{ op: 'add', path: '/__proto__', value: { polluted: true } }], {}));
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(jsonPatch([{ op: 'remove', path: '/constructor' }], {})).toEqual(INVALID_422);
  });
});

describe('strategic merge patch', () => {
  it('patches replicas and a container image by name, keeping the other containers', () => {
    const d = patched(smp({ spec: { replicas: 5, template: { spec: { containers: [{ name: 'app', image: 'shop/web:2.0' }] } } } }));
    expect(d.spec.replicas).toBe(5);
    expect(containers(d)).toEqual([{ ...deployment().spec.template.spec.containers[0], image: 'shop/web:2.0' }, { name: 'sidecar', image: 'envoy:1.30' }]);
  });

  it('adds an env var and updates another by name', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'LOG_LEVEL', value: 'debug' }, { name: 'FEATURE_X', value: 'on' }] }] } } } };
    expect(containers(patched(smp(patch)))[0]?.env).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'FEATURE_X', value: 'on' },
      { name: 'PORT', value: '8080' },
    ]);
  });

  it('puts a new item before the server-only ones, as kube-apiserver orders merged lists', () => {
    // The kubernetes.io "kubectl patch" task shows the patched-in patch-demo-ctr-2 listed first.
    const d = patched(smp({ spec: { template: { spec: { containers: [{ name: 'debug', image: 'busybox' }] } } } }));
    expect(containers(d).map((c) => c.name)).toEqual(['debug', 'app', 'sidecar']);
    const e = patched(smp({ spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'envoy:1.31' }, { name: 'debug', image: 'busybox' }] } } } }));
    expect(containers(e).map((c) => c.name)).toEqual(['app', 'sidecar', 'debug']);
  });

  it('merges the other named lists by their keys', () => {
    const patch = {
      spec: {
        template: {
          spec: {
            initContainers: [{ name: 'init', image: 'busybox' }],
            containers: [
              {
                name: 'app',
                ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090, name: 'metrics' }],
                volumeMounts: [{ mountPath: '/cache', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
                volumeDevices: [{ name: 'raw', devicePath: '/dev/xvda' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory' } }],
            imagePullSecrets: [{ name: 'registry' }],
          },
        },
      },
      status: { conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }] },
    };
    const d = patched(smp(patch));
    const app = containers(d).find((c) => c.name === 'app');
    expect(app?.ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }, { containerPort: 9090, name: 'metrics' }]);
    expect(app?.volumeMounts).toEqual([{ name: 'cache', mountPath: '/cache', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }]);
    expect(app).toHaveProperty('volumeDevices', [{ name: 'raw', devicePath: '/dev/xvda' }]);
    expect(d.spec.template.spec).toHaveProperty('initContainers', [{ name: 'init', image: 'busybox' }]);
    expect(d.spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: { medium: 'Memory' } }, { name: 'cache', emptyDir: {} }]);
    expect(d.spec.template.spec).toHaveProperty('imagePullSecrets', [{ name: 'registry' }]);
    expect(d.status.conditions).toEqual([
      { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' },
      { type: 'Progressing', status: 'True' },
    ]);
  });

  it('merges ephemeralContainers by name and ownerReferences by uid', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'p', ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet', name: 'rs1' }] },
      spec: { containers: [{ name: 'app' }], ephemeralContainers: [{ name: 'debugger-1', image: 'busybox' }] },
    };
    const result = patched<typeof pod>(
      smp({ metadata: { ownerReferences: [{ uid: 'u1', controller: true }] }, spec: { ephemeralContainers: [{ name: 'debugger-2', image: 'busybox' }] } }, pod),
    );
    expect(result.metadata.ownerReferences).toEqual([{ uid: 'u1', kind: 'ReplicaSet', name: 'rs1', controller: true }]);
    expect(result.spec.ephemeralContainers.map((c) => c.name)).toEqual(['debugger-2', 'debugger-1']);
  });

  it('merges Service ports by port, for the Service kind only', () => {
    const ports = () => [{ port: 80, targetPort: 8080, name: 'http' }, { port: 443, targetPort: 8443, name: 'https' }];
    type Service = { spec: { ports: ReturnType<typeof ports> } };
    const patch = { spec: { ports: [{ port: 80, targetPort: 9090 }] } };
    const merged = [{ port: 80, targetPort: 9090, name: 'http' }, { port: 443, targetPort: 8443, name: 'https' }];
    expect(patched<Service>(smp(patch, { kind: 'Service', spec: { ports: ports() } })).spec.ports).toEqual(merged);
    expect(patched<Service>(smp(patch, { spec: { ports: ports() } }, 'Service')).spec.ports).toEqual(merged);
    expect(patched<Service>(smp(patch, { spec: { ports: ports() } })).spec.ports).toEqual([{ port: 80, targetPort: 9090 }]);
  });

  it('replaces lists without a merge key, tolerations included', () => {
    const patch = { spec: { template: { spec: { tolerations: [{ key: 'spot', operator: 'Exists' }], containers: [{ name: 'app', command: ['run'], args: ['--fast'] }] } } } };
    const d = patched(smp(patch));
    expect(d.spec.template.spec.tolerations).toEqual([{ key: 'spot', operator: 'Exists' }]);
    expect(containers(d)[0]).toMatchObject({ command: ['run'], args: ['--fast'] });
  });

  it('deletes fields with null and merges maps recursively', () => {
    const d = patched(smp({ metadata: { labels: { tier: null, team: 'checkout' } }, spec: { strategy: { rollingUpdate: { maxSurge: null } } } }));
    expect(d.metadata.labels).toEqual({ app: 'web', team: 'checkout' });
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } });
  });

  it('deletes a list item with $patch: delete', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }, { name: 'app', env: [{ name: 'PORT', $patch: 'delete' }] }] } } } };
    const d = patched(smp(patch));
    expect(containers(d).map((c) => c.name)).toEqual(['app']);
    expect(containers(d)[0]?.env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
  });

  it('replaces a whole list with $patch: replace', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'only', image: 'nginx' }, { $patch: 'replace' }] } } } };
    expect(containers(patched(smp(patch)))).toEqual([{ name: 'only', image: 'nginx' }]);
  });

  it('replaces or empties a map with $patch', () => {
    const replaced = patched(smp({ spec: { strategy: { $patch: 'replace', type: 'Recreate' } } }));
    expect(replaced.spec.strategy).toEqual({ type: 'Recreate' });
    const emptied = patched(smp({ metadata: { labels: { $patch: 'delete' } } }));
    expect(emptied.metadata.labels).toEqual({});
  });

  it('merges finalizers as a set and removes them with $deleteFromPrimitiveList', () => {
    const added = patched(smp({ metadata: { finalizers: ['b.example.com/y', 'c.example.com/z', 'c.example.com/z'] } }));
    expect(added.metadata.finalizers).toEqual(['a.example.com/x', 'b.example.com/y', 'c.example.com/z']);
    const removed = patched(smp({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/x', 'unknown'] } }));
    expect(removed.metadata.finalizers).toEqual(['b.example.com/y']);
    const absent = patched(smp({ spec: { '$deleteFromPrimitiveList/finalizers': ['x'] } }));
    expect(absent.spec).not.toHaveProperty('finalizers');
  });

  it('orders a list by $setElementOrder, with or without a patch to it', () => {
    const order = { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }] };
    const reordered = patched(smp({ spec: { template: { spec: order } } }));
    expect(containers(reordered).map((c) => c.name)).toEqual(['sidecar', 'app']);
    const withPatch = patched(smp({ spec: { template: { spec: { ...order, containers: [{ name: 'app', image: 'shop/web:3' }] } } } }));
    expect(containers(withPatch).map((c) => [c.name, c.image])).toEqual([
      ['sidecar', 'envoy:1.30'],
      ['app', 'shop/web:3'],
    ]);
    const finalizers = patched(smp({ metadata: { '$setElementOrder/finalizers': ['b.example.com/y', 'a.example.com/x'] } }));
    expect(finalizers.metadata.finalizers).toEqual(['b.example.com/y', 'a.example.com/x']);
  });

  it('clears the fields $retainKeys does not list', () => {
    const d = patched(smp({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }));
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('answers 400 for malformed directives', () => {
    const bad = (message: string) => ({ ok: false, code: 400, reason: 'BadRequest', message });
    expect(smp({ spec: { strategy: { $retainKeys: 'type' } } })).toEqual(bad('invalid patch format of retainKeys'));
    expect(smp({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } })).toEqual(bad('invalid patch format of retainKeys'));
    expect(smp({ metadata: { $deleteFromPrimitiveList: ['x'] } })).toEqual(bad('invalid patch format of primitive list'));
    expect(smp({ metadata: { '$deleteFromPrimitiveList/finalizers': 'x' } })).toEqual(bad('invalid patch format of primitive list'));
    expect(smp({ spec: { '$setElementOrder/containers': {} } })).toEqual(bad('invalid patch format of setElementOrder list'));
  });

  it('answers 500 with the strategicpatch error for a list item without its merge key', () => {
    expect(smp({ spec: { template: { spec: { containers: [{ image: 'nginx', ports: [{ containerPort: 80 }] }] } } } })).toEqual({
      ok: false,
      code: 500,
      reason: '',
      message: 'map: map[image:nginx ports:[map[containerPort:80]]] does not contain declared merge key: name',
    });
  });

  it('answers 500 for unknown or unsupported $patch directives', () => {
    expect(smp({ spec: { strategy: { $patch: 'explode' } } })).toEqual({ ok: false, code: 500, reason: '', message: 'unknown patch type: explode in map: map[$patch:explode]' });
    expect(smp({ spec: { template: { spec: { containers: [{ name: 'app', $patch: 'merge' }] } } } })).toMatchObject({
      code: 500,
      message: 'merging lists cannot yet be specified in the patch',
    });
    expect(smp({ metadata: { finalizers: [{ name: 'x' }] } })).toMatchObject({ code: 500, message: expect.stringMatching(/^list element types are not identical/) });
  });

  it('answers 422 for a list of lists in a merged list', () => {
    expect(smp({ metadata: { finalizers: [['x']] } })).toEqual(INVALID_422);
  });

  it('answers 400 for a body that is not a JSON object and treats null as an empty patch', () => {
    expect(smp([{ name: 'x' }])).toEqual({ ok: false, code: 400, reason: 'BadRequest', message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' });
    expect(smp(3)).toMatchObject({ code: 400, message: 'json: cannot unmarshal number into Go value of type map[string]interface {}' });
    expect(applyPatch(deployment(), '{"spec":', SMP)).toMatchObject({ ok: false, code: 400, reason: 'BadRequest', message: 'unexpected end of JSON input' });
    expect(applyPatch(deployment(), 'null', SMP)).toEqual({ ok: true, value: deployment() });
  });

  it('never stores directives or nulls from values that were not in the object', () => {
    const pod = { kind: 'Pod', metadata: { name: 'p' }, spec: {} };
    const patch = { metadata: { labels: { a: 'b', gone: null } }, spec: { containers: [{ name: 'app', image: 'x' }, { name: 'ghost', $patch: 'delete' }] } };
    expect(patched(smp(patch, pod))).toEqual({ kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [{ name: 'app', image: 'x' }] } });
  });
});

describe('non-mutation', () => {
  function deepFreeze<T>(value: T): T {
    if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(deepFreeze);
      Object.freeze(value);
    }
    return value;
  }

  it.each([
    [MERGE, { metadata: { labels: { tier: null } }, spec: { replicas: 9, template: { spec: { containers: [] } } } }],
    [
      JSON_PATCH,
      [
        { op: 'remove', path: '/metadata/labels/tier' },
        { op: 'add', path: '/spec/template/spec/containers/0/env/0', value: { name: 'X', value: '1' } },
        { op: 'move', from: '/status', path: '/moved' },
        { op: 'replace', path: '/spec/template/spec/containers/1/image', value: 'y' },
      ],
    ],
    [
      SMP,
      {
        metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/x'], labels: { tier: null } },
        spec: {
          strategy: { $retainKeys: ['type'], type: 'Recreate' },
          template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }], containers: [{ name: 'app', env: [{ name: 'PORT', $patch: 'delete' }] }] } },
        },
      },
    ],
  ])('leaves the target of a %s patch untouched and shares nothing with it', (contentType, patch) => {
    const target = deepFreeze(deployment());
    const result = patched(applyPatch(target, JSON.stringify(patch), contentType));
    expect(target).toEqual(deployment());
    expect(result).not.toEqual(target);
    result.spec.template.spec.volumes.push({ name: 'later', emptyDir: {} });
    expect(target.spec.template.spec.volumes).toHaveLength(1);
  });
});
