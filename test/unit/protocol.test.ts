import { describe, expect, it } from 'vitest';
import {
  CloseCode,
  MAX_COMMAND_ARGS,
  Paths,
  closeReaction,
  logQueryParams,
  parseLogQuery,
  parseTerminalControl,
  parseTerminalQuery,
  parseTerminalStatus,
  parseWatchClientMessage,
  parseWatchServerMessage,
  podPath,
  terminalQueryParams,
  truncateCloseReason,
  validatePodTarget,
  watchKeyId,
  type CloseReaction,
  type LogQuery,
  type ParseResult,
  type TerminalQuery,
} from '../../src/core/protocol.ts';

/** The value of a successful parse; fails the test with the parser's reason otherwise. */
function value<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got error: ${result.error}`);
  return result.value;
}

/** The error of a failed parse; fails the test when the parse succeeded. */
function error<T>(result: ParseResult<T>): string {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

describe('parseWatchClientMessage', () => {
  it('accepts the seed subscribe and unsubscribe messages, pretty-printed as in the seed', () => {
    expect(value(parseWatchClientMessage('{"action":"subscribe","cluster":"prod-us","namespace":"default","resource":"pods"}'))).toEqual({
      action: 'subscribe',
      cluster: 'prod-us',
      namespace: 'default',
      resource: 'pods',
    });
    const pretty = '{\n"action": "unsubscribe",\n"cluster": "prod-us",\n"namespace": "default",\n"resource": "pods"\n}';
    expect(value(parseWatchClientMessage(pretty))).toEqual({
      action: 'unsubscribe',
      cluster: 'prod-us',
      namespace: 'default',
      resource: 'pods',
    });
  });

  it('accepts all namespaces (""), every resource ("*") and group-qualified resources', () => {
    expect(value(parseWatchClientMessage('{"action":"subscribe","cluster":"prod-us","namespace":"","resource":"*"}'))).toMatchObject({
      namespace: '',
      resource: '*',
    });
    expect(
      value(parseWatchClientMessage('{"action":"subscribe","cluster":"kind-dev","namespace":"kube-system","resource":"deployments.apps"}')),
    ).toMatchObject({ resource: 'deployments.apps' });
  });

  it('keeps a valid label selector (trimmed) and drops an empty one', () => {
    const withSel = value(
      parseWatchClientMessage('{"action":"subscribe","cluster":"prod-us","namespace":"default","resource":"pods","labelSelector":"  app=web,tier!=db "}'),
    );
    expect(withSel.labelSelector).toBe('app=web,tier!=db');
    const empty = value(
      parseWatchClientMessage('{"action":"subscribe","cluster":"prod-us","namespace":"default","resource":"pods","labelSelector":""}'),
    );
    expect(empty).not.toHaveProperty('labelSelector');
  });

  it('ignores fields it does not know instead of passing them on', () => {
    const msg = value(parseWatchClientMessage('{"action":"subscribe","cluster":"prod-us","namespace":"default","resource":"pods","extra":1}'));
    expect(msg).toEqual({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'pods' });
  });

  const base = { action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'pods' };
  const withField = (patch: Record<string, unknown>): string => JSON.stringify({ ...base, ...patch });
  const without = (field: string): string => JSON.stringify(Object.fromEntries(Object.entries(base).filter(([k]) => k !== field)));

  it.each([
    ['invalid JSON', '{"action":"subscribe",', /invalid JSON/],
    ['an empty frame', '', /invalid JSON/],
    ['a JSON array', '[{"action":"subscribe"}]', /JSON object/],
    ['a JSON string', '"subscribe"', /JSON object/],
    ['JSON null', 'null', /JSON object/],
    ['an unknown action', withField({ action: 'watch' }), /unknown action "watch"/],
    ['a missing action', without('action'), /"action" must be "subscribe" or "unsubscribe"/],
    ['a numeric action', withField({ action: 1 }), /"action" must be/],
    ['a missing cluster', without('cluster'), /"cluster" must be a string/],
    ['a missing namespace', without('namespace'), /"namespace" must be a string/],
    ['a missing resource', without('resource'), /"resource" must be a string/],
    ['a numeric namespace', withField({ namespace: 5 }), /"namespace" must be a string/],
    ['a null resource', withField({ resource: null }), /"resource" must be a string/],
    ['a non-string labelSelector', withField({ labelSelector: ['app=web'] }), /"labelSelector" must be a string/],
    ['an empty cluster', withField({ cluster: '' }), /cluster must not be empty/],
    ['a cluster with a slash', withField({ cluster: 'prod/us' }), /^cluster must consist of/],
    ['an upper-case namespace', withField({ namespace: 'Default' }), /^namespace must consist of lower case/],
    ['a namespace with an underscore', withField({ namespace: 'a_b' }), /^namespace must consist of lower case/],
    ['a namespace ending in a dash', withField({ namespace: 'team-' }), /^namespace must/],
    ['a namespace over 63 characters', withField({ namespace: 'a'.repeat(64) }), /^namespace must be no more than 63 characters/],
    ['an empty resource', withField({ resource: '' }), /^resource must not be empty/],
    ['an upper-case resource', withField({ resource: 'Pods' }), /^resource must be a lower case plural resource name/],
    ['a resource path', withField({ resource: 'pods/exec' }), /^resource must be/],
    ['a bad label selector', withField({ labelSelector: 'app===' }), /invalid label selector: invalid label value "="/],
    ['an unbalanced label selector', withField({ labelSelector: 'env in (prod' }), /unbalanced parentheses/],
  ])('rejects %s', (_name, text, message) => {
    expect(error(parseWatchClientMessage(text))).toMatch(message);
  });
});

describe('watchKeyId', () => {
  it('is equal for equal keys, with or without an empty selector, and differs when the selector differs', () => {
    const key = { cluster: 'prod-us', namespace: 'default', resource: 'pods' };
    expect(watchKeyId(key)).toBe(watchKeyId({ ...key }));
    expect(watchKeyId(key)).toBe(watchKeyId({ ...key, labelSelector: '' }));
    expect(watchKeyId(key)).not.toBe(watchKeyId({ ...key, labelSelector: 'app=web' }));
    expect(watchKeyId(key)).not.toBe(watchKeyId({ ...key, namespace: '' }));
  });

  it('cannot be fooled by separators inside the fields', () => {
    expect(watchKeyId({ cluster: 'a', namespace: 'b/c', resource: 'd' })).not.toBe(watchKeyId({ cluster: 'a/b', namespace: 'c', resource: 'd' }));
  });
});

describe('parseWatchServerMessage', () => {
  const pod = { metadata: { name: 'web-1', namespace: 'default', uid: 'u1' } };

  it.each(['ADDED', 'MODIFIED', 'DELETED'] as const)('accepts a seed %s event and keeps the object untouched', (type) => {
    const object = { ...pod, spec: { containers: [{ name: 'app' }] } };
    const msg = value(parseWatchServerMessage(JSON.stringify({ type, cluster: 'prod-us', resource: 'pods', object })));
    expect(msg).toEqual({ type, cluster: 'prod-us', resource: 'pods', object });
  });

  it('accepts SYNCED with and without a label selector', () => {
    expect(value(parseWatchServerMessage('{"type":"SYNCED","cluster":"prod-us","namespace":"default","resource":"pods"}'))).toEqual({
      type: 'SYNCED',
      cluster: 'prod-us',
      namespace: 'default',
      resource: 'pods',
    });
    expect(
      value(parseWatchServerMessage('{"type":"SYNCED","cluster":"prod-us","namespace":"","resource":"pods","labelSelector":"app=web"}')),
    ).toEqual({ type: 'SYNCED', cluster: 'prod-us', namespace: '', resource: 'pods', labelSelector: 'app=web' });
  });

  it('accepts ERROR with its key fields and without them', () => {
    expect(
      value(parseWatchServerMessage('{"type":"ERROR","cluster":"prod-us","namespace":"default","resource":"pods","code":403,"message":"forbidden"}')),
    ).toEqual({ type: 'ERROR', cluster: 'prod-us', namespace: 'default', resource: 'pods', code: 403, message: 'forbidden' });
    expect(value(parseWatchServerMessage('{"type":"ERROR","code":400,"message":"invalid JSON"}'))).toEqual({
      type: 'ERROR',
      code: 400,
      message: 'invalid JSON',
    });
  });

  it.each([
    ['invalid JSON', 'not json', /invalid JSON/],
    ['an array', '[]', /JSON object/],
    ['a missing type', '{"cluster":"prod-us"}', /missing "type"/],
    ['an unknown type', '{"type":"BOOKMARK","cluster":"prod-us","resource":"pods","object":{"metadata":{}}}', /unknown message type "BOOKMARK"/],
    ['an event without cluster', JSON.stringify({ type: 'ADDED', resource: 'pods', object: pod }), /ADDED event needs "cluster" and "resource"/],
    ['an event with a numeric resource', JSON.stringify({ type: 'MODIFIED', cluster: 'c', resource: 1, object: pod }), /MODIFIED event needs/],
    ['an event without object', '{"type":"ADDED","cluster":"prod-us","resource":"pods"}', /needs an "object" with "metadata"/],
    ['an event whose object is an array', '{"type":"DELETED","cluster":"c","resource":"pods","object":[]}', /"object" with "metadata"/],
    ['an event whose object has no metadata', '{"type":"ADDED","cluster":"c","resource":"pods","object":{"kind":"Pod"}}', /"metadata"/],
    ['SYNCED without namespace', '{"type":"SYNCED","cluster":"prod-us","resource":"pods"}', /SYNCED needs "cluster", "namespace" and "resource"/],
    ['ERROR with a string code', '{"type":"ERROR","code":"403","message":"x"}', /numeric "code"/],
    ['ERROR without message', '{"type":"ERROR","code":403}', /"message" string/],
  ])('rejects %s', (_name, text, message) => {
    expect(error(parseWatchServerMessage(text))).toMatch(message);
  });
});

describe('parseTerminalControl', () => {
  it('accepts the seed resize message and the pause/resume extension', () => {
    expect(value(parseTerminalControl('{ "type": "resize", "cols": 220, "rows": 50 }'))).toEqual({ type: 'resize', cols: 220, rows: 50 });
    expect(value(parseTerminalControl('{"type":"resize","cols":1,"rows":1000}'))).toEqual({ type: 'resize', cols: 1, rows: 1000 });
    expect(value(parseTerminalControl('{"type":"pause"}'))).toEqual({ type: 'pause' });
    expect(value(parseTerminalControl('{"type":"resume"}'))).toEqual({ type: 'resume' });
  });

  it.each([
    ['invalid JSON', '{type: resize}', /invalid JSON/],
    ['an array', '[220, 50]', /JSON object/],
    ['a missing type', '{"cols":220,"rows":50}', /missing "type"/],
    ['an unknown type', '{"type":"stdin","data":"ls"}', /unknown control type "stdin"/],
    ['cols 0', '{"type":"resize","cols":0,"rows":50}', /"cols" must be an integer from 1 to 1000/],
    ['cols 1001', '{"type":"resize","cols":1001,"rows":50}', /"cols" must be an integer from 1 to 1000/],
    ['cols 2.5', '{"type":"resize","cols":2.5,"rows":50}', /"cols" must be an integer/],
    ['cols as a string', '{"type":"resize","cols":"220","rows":50}', /"cols" must be an integer/],
    ['negative rows', '{"type":"resize","cols":220,"rows":-1}', /"rows" must be an integer from 1 to 1000/],
    ['missing rows', '{"type":"resize","cols":220}', /"rows" must be an integer/],
  ])('rejects %s', (_name, text, message) => {
    expect(error(parseTerminalControl(text))).toMatch(message);
  });
});

describe('parseTerminalStatus', () => {
  it('accepts exit and error frames', () => {
    expect(value(parseTerminalStatus('{"type":"exit","code":0}'))).toEqual({ type: 'exit', code: 0 });
    expect(value(parseTerminalStatus('{"type":"exit","code":130}'))).toEqual({ type: 'exit', code: 130 });
    expect(value(parseTerminalStatus('{"type":"error","message":"container not running"}'))).toEqual({
      type: 'error',
      message: 'container not running',
    });
  });

  it.each([
    ['invalid JSON', 'exit 0', /invalid JSON/],
    ['an array', '["exit"]', /JSON object/],
    ['a missing type', '{"code":0}', /missing "type"/],
    ['an unknown type', '{"type":"resize"}', /unknown status type "resize"/],
    ['a fractional exit code', '{"type":"exit","code":1.5}', /integer "code"/],
    ['a missing exit code', '{"type":"exit"}', /integer "code"/],
    ['an error without message', '{"type":"error","message":42}', /"message" string/],
  ])('rejects %s', (_name, text, message) => {
    expect(error(parseTerminalStatus(text))).toMatch(message);
  });
});

describe('closeReaction', () => {
  const table: [number, CloseReaction][] = [
    [1000, 'done'],
    [1001, 'retry'],
    [1002, 'stop'],
    [1006, 'retry'],
    [1007, 'stop'],
    [1009, 'stop'],
    [1011, 'retry'],
    [1012, 'retry'],
    [1013, 'retry'],
    [4429, 'retry'],
    [4400, 'stop'],
    [4401, 'refresh-token'],
    [4403, 'stop'],
    [4404, 'stop'],
    [4408, 'retry'],
  ];

  it.each(table)('close code %i -> %s (DESIGN §3)', (code, reaction) => {
    expect(closeReaction(code)).toBe(reaction);
  });

  it('names the codes of the table', () => {
    expect(CloseCode).toMatchObject({
      Normal: 1000,
      GoingAway: 1001,
      Abnormal: 1006,
      InternalError: 1011,
      ServiceRestart: 1012,
      TryAgainLater: 1013,
      BadRequest: 4400,
      Unauthorized: 4401,
      Forbidden: 4403,
      NotFound: 4404,
      SlowConsumer: 4408,
      TooManyConnections: 4429,
    });
  });

  it('retries on codes the table does not list', () => {
    expect(closeReaction(1005)).toBe('retry');
    expect(closeReaction(4999)).toBe('retry');
  });

  it('does not resend a frame the gateway refused as too big (1009)', () => {
    expect(closeReaction(CloseCode.MessageTooBig)).toBe('stop');
  });
});

describe('truncateCloseReason', () => {
  it('leaves reasons of up to 123 bytes untouched', () => {
    expect(truncateCloseReason('')).toBe('');
    expect(truncateCloseReason('namespace must not be empty')).toBe('namespace must not be empty');
    const exact = 'a'.repeat(123);
    expect(truncateCloseReason(exact)).toBe(exact);
    const multiByte = 'é'.repeat(61) + 'a'; // 61 * 2 + 1 = 123 bytes
    expect(truncateCloseReason(multiByte)).toBe(multiByte);
  });

  it('cuts longer reasons to at most 123 bytes and marks the cut', () => {
    const cut = truncateCloseReason('x'.repeat(500));
    expect(utf8Length(cut)).toBeLessThanOrEqual(123);
    expect(cut.endsWith('...')).toBe(true);
    expect(cut.startsWith('x'.repeat(100))).toBe(true);
  });

  const cases: [string, string][] = [
    ['two-byte characters', 'é'.repeat(200)],
    ['three-byte characters', '€'.repeat(100)],
    ['four-byte characters', '😀'.repeat(100)],
    ['four-byte characters shifted by one byte', 'a' + '😀'.repeat(100)],
    ['four-byte characters shifted by two bytes', 'ab' + '😀'.repeat(100)],
    ['four-byte characters shifted by three bytes', 'abc' + '😀'.repeat(100)],
    ['mixed scripts', 'pod "web" not found: 名前空間 ' + 'Ünïcødé €😀 '.repeat(20)],
  ];

  it.each(cases)('never exceeds 123 bytes nor splits a character with %s', (_name, reason) => {
    const cut = truncateCloseReason(reason);
    expect(utf8Length(cut)).toBeLessThanOrEqual(123);
    expect(cut).not.toContain('\uFFFD');
    expect(cut.endsWith('...')).toBe(true);
    const kept = cut.slice(0, -3);
    expect(reason.startsWith(kept)).toBe(true);
    // the kept text is well-formed: no lone surrogate from a split astral character
    expect(kept).not.toMatch(LONE_SURROGATE);
    // it keeps as much as fits: one more character would pass the 120 bytes before the marker
    const next = [...reason.slice(kept.length)][0] ?? '';
    expect(utf8Length(kept + next)).toBeGreaterThan(120);
  });
});

describe('validatePodTarget and podPath', () => {
  it('accepts the seed target', () => {
    const target = { cluster: 'prod-us', namespace: 'default', pod: 'my-pod' };
    expect(value(validatePodTarget(target))).toEqual(target);
    expect(value(validatePodTarget({ cluster: 'kind-dev', namespace: 'kube-system', pod: 'coredns-5d78c9869d-abcde.v2' }))).toMatchObject({
      pod: 'coredns-5d78c9869d-abcde.v2',
    });
  });

  it.each([
    ['a "../etc" pod', { cluster: 'prod-us', namespace: 'default', pod: '../etc' }, /^pod must consist of lower case/],
    ['an empty pod', { cluster: 'prod-us', namespace: 'default', pod: '' }, /^pod must not be empty/],
    ['an upper-case pod', { cluster: 'prod-us', namespace: 'default', pod: 'My-Pod' }, /^pod must consist/],
    ['a pod with a slash', { cluster: 'prod-us', namespace: 'default', pod: 'a/b' }, /^pod must consist/],
    ['a pod over 253 characters', { cluster: 'prod-us', namespace: 'default', pod: 'a'.repeat(254) }, /^pod must be no more than 253/],
    ['a "Default" namespace', { cluster: 'prod-us', namespace: 'Default', pod: 'p' }, /^namespace must consist of lower case/],
    ['an "a_b" namespace', { cluster: 'prod-us', namespace: 'a_b', pod: 'p' }, /^namespace must consist/],
    ['a dotted namespace', { cluster: 'prod-us', namespace: 'a.b', pod: 'p' }, /^namespace must consist/],
    ['an empty namespace', { cluster: 'prod-us', namespace: '', pod: 'p' }, /^namespace must not be empty/],
    ['a cluster with a space', { cluster: 'prod us', namespace: 'default', pod: 'p' }, /^cluster must consist/],
    ['a cluster starting with a dot', { cluster: '..', namespace: 'default', pod: 'p' }, /^cluster must consist/],
  ])('rejects %s and names the bad segment', (_name, target, message) => {
    expect(error(validatePodTarget(target))).toMatch(message);
  });

  it('builds the seed path', () => {
    expect(podPath(Paths.terminal, { cluster: 'prod-us', namespace: 'default', pod: 'my-pod' })).toBe('/api/v1/ws/terminal/prod-us/default/my-pod');
    expect(podPath(Paths.logs, { cluster: 'prod-us', namespace: 'default', pod: 'my-pod' })).toBe('/api/v1/ws/logs/prod-us/default/my-pod');
  });

  it('percent-encodes every segment so a name can never add a path segment, query or fragment', () => {
    const path = podPath(Paths.logs, { cluster: 'admin@kind:dev', namespace: 'a/b', pod: 'x?y#z w' });
    expect(path).toBe('/api/v1/ws/logs/admin%40kind%3Adev/a%2Fb/x%3Fy%23z%20w');
    const url = new URL(path, 'http://gateway.test');
    expect(url.pathname.split('/')).toHaveLength(8);
    expect(url.search).toBe('');
    expect(url.hash).toBe('');
    expect(url.pathname.split('/').slice(5).map(decodeURIComponent)).toEqual(['admin@kind:dev', 'a/b', 'x?y#z w']);
  });
});

describe('parseLogQuery', () => {
  it('accepts the seed query and an empty one', () => {
    expect(value(parseLogQuery(new URLSearchParams('token=t&container=app&tail=100')))).toEqual({ container: 'app', tail: 100 });
    expect(value(parseLogQuery(new URLSearchParams('')))).toEqual({});
  });

  it('accepts every extension', () => {
    const q = value(
      parseLogQuery(new URLSearchParams('container=app&tail=-1&timestamps=true&sinceTime=2024-05-01T12:00:00.123456789Z&previous=1&follow=false')),
    );
    expect(q).toEqual({ container: 'app', tail: -1, timestamps: true, sinceTime: '2024-05-01T12:00:00.123456789Z', previous: true, follow: false });
  });

  it('reads 1/0 and a bare flag as booleans and treats an empty container as the default', () => {
    expect(value(parseLogQuery(new URLSearchParams('timestamps&previous=0&container=')))).toEqual({ timestamps: true, previous: false });
  });

  it('accepts sinceTime with an offset and without a fraction', () => {
    expect(value(parseLogQuery(new URLSearchParams({ sinceTime: '2024-05-01T14:00:00+02:00' }))).sinceTime).toBe('2024-05-01T14:00:00+02:00');
  });

  it.each([
    ['tail=abc', /"tail" must be an integer/],
    ['tail=1.5', /"tail" must be an integer/],
    ['tail=', /"tail" must be an integer/],
    ['tail=-2', /"tail" must be from -1 to 1000000/],
    ['tail=1000001', /"tail" must be from -1/],
    ['sinceTime=yesterday', /"sinceTime" must be an RFC3339 timestamp/],
    ['sinceTime=2024-05-01', /"sinceTime" must be an RFC3339/],
    ['sinceTime=2024-05-01 12:00:00Z', /"sinceTime" must be an RFC3339/],
    ['sinceTime=2024-05-01T12:00:00.1234567890Z', /"sinceTime" must be an RFC3339/],
    ['sinceTime=2023-02-29T00:00:00Z', /"sinceTime" must be an RFC3339/],
    ['sinceTime=2024-04-31T00:00:00Z', /"sinceTime" must be an RFC3339/],
    ['sinceTime=2024-05-01T24:00:00Z', /"sinceTime" must be an RFC3339/],
    ['timestamps=maybe', /"timestamps" must be true or false/],
    ['previous=yes', /"previous" must be true or false/],
    ['follow=TRUE', /"follow" must be true or false/],
    ['container=App', /^container must consist of lower case/],
    ['container=a_b', /^container must consist/],
    ['container=../etc', /^container must consist/],
  ])('rejects %s', (query, message) => {
    expect(error(parseLogQuery(new URLSearchParams(query)))).toMatch(message);
  });

  const roundTrips: LogQuery[] = [
    {},
    { container: 'app' },
    { tail: 0 },
    { tail: -1, follow: false },
    { container: 'sidecar', tail: 100, timestamps: true, sinceTime: '2024-05-01T12:00:00.000000001Z', previous: false, follow: true },
    { timestamps: false, previous: true, sinceTime: '2024-05-01T14:00:00+02:00' },
  ];

  it.each(roundTrips)('round-trips %j through logQueryParams', (query) => {
    expect(value(parseLogQuery(logQueryParams(query)))).toEqual(query);
    // and survives being put into a URL
    const url = new URL(`ws://gateway.test/api/v1/ws/logs/c/n/p?${logQueryParams(query).toString()}`);
    expect(value(parseLogQuery(url.searchParams))).toEqual(query);
  });
});

describe('parseTerminalQuery', () => {
  it('accepts the seed query and an empty one', () => {
    expect(value(parseTerminalQuery(new URLSearchParams('token=t&container=app')))).toEqual({ container: 'app' });
    expect(value(parseTerminalQuery(new URLSearchParams()))).toEqual({});
  });

  it('keeps a repeated command in order, and the initial size', () => {
    expect(value(parseTerminalQuery(new URLSearchParams('command=sh&command=-c&command=echo%20hi&cols=220&rows=50')))).toEqual({
      command: ['sh', '-c', 'echo hi'],
      cols: 220,
      rows: 50,
    });
  });

  it.each([
    ['cols=0', /"cols" must be from 1 to 1000/],
    ['cols=1001', /"cols" must be from 1 to 1000/],
    ['cols=2.5', /"cols" must be an integer/],
    ['rows=abc', /"rows" must be an integer/],
    ['rows=-5', /"rows" must be from 1/],
    ['container=Default', /^container must consist of lower case/],
    ['command=&command=ls', /"command" must not start with an empty argument/],
    [Array.from({ length: MAX_COMMAND_ARGS + 1 }, () => 'command=x').join('&'), /"command" takes at most 64 arguments/],
  ])('rejects %s', (query, message) => {
    expect(error(parseTerminalQuery(new URLSearchParams(query)))).toMatch(message);
  });

  it('accepts exactly the maximum number of command arguments', () => {
    const q = value(parseTerminalQuery(new URLSearchParams(Array.from({ length: MAX_COMMAND_ARGS }, () => 'command=x').join('&'))));
    expect(q.command).toHaveLength(MAX_COMMAND_ARGS);
  });

  const roundTrips: TerminalQuery[] = [
    {},
    { container: 'app' },
    { command: ['bash'] },
    { command: ['sh', '-c', 'echo "a&b=c" | grep -v \'#\' ; ls /tmp?x'], cols: 80, rows: 24 },
    { container: 'debug', command: ['python3', '-i', ''], cols: 1000, rows: 1 },
  ];

  it.each(roundTrips)('round-trips %j through terminalQueryParams', (query) => {
    expect(value(parseTerminalQuery(terminalQueryParams(query)))).toEqual(query);
    const url = new URL(`ws://gateway.test/api/v1/ws/terminal/c/n/p?${terminalQueryParams(query).toString()}`);
    expect(value(parseTerminalQuery(url.searchParams))).toEqual(query);
  });
});
