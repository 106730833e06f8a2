/**
 * fast-check arbitraries for every fuzz case: names that fail DNS-1123 (uppercase, `../`, 300+
 * characters, unicode, percent escapes good and broken), garbage JSON and field types, control
 * frames with impossible sizes, log parameters, query strings, bodies, content types and headers.
 * Writes only ever aim at namespace `fuzz` or at names that do not exist, and terminal commands
 * come from a fixed harmless list: the emulator runs real processes on this machine.
 */
import fc from 'fast-check';
import { dns1123SubdomainError } from '../../src/core/names.ts';
import { parseLogQuery, parseTerminalQuery } from '../../src/core/protocol.ts';
import type { Body, Credential, CredentialPlace, FuzzCase, HttpCase, LogsCase, PodSocketCase, QueryPair, Segment, TerminalCase, TerminalFrame, Violation, WatchCase, WatchMessage } from './cases.ts';

/** The namespace the campaign creates for REST writes. */
export const FUZZ_NAMESPACE = 'fuzz';

const credential: fc.Arbitrary<Credential> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Credential>('admin') },
  { weight: 2, arbitrary: fc.constantFrom<Credential>('alice', 'victor') },
  { weight: 1, arbitrary: fc.constantFrom<Credential>('nina', 'garbage', 'none') },
);
const place = fc.constantFrom<CredentialPlace>('bearer', 'query', 'subprotocol');

/** Strings no name rule accepts, each a class the brief lists. */
const badName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('Default', 'MY-POD', 'prod_us', '../', '../../etc/passwd', 'a/b', '-x', 'x-', 'a b', ' ', '', '.', 'a..b', '*', 'null'),
  fc.integer({ min: 64, max: 600 }).map((n) => 'a'.repeat(n)),
  fc.constantFrom('pød', 'поды', '💥', 'ａｐｐ', 'a\u0000b', 'a\u202eb', 'e\u0301'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }),
);

/** Percent escapes as sent on the wire: some decode to good names, some to bad ones, some do not decode. */
const rawPercent = fc.constantFrom('my%2Dpod', '%6D%79-pod', '%2e%2e%2f', '..%2F..%2Fetc', 'a%2Fb', '%00', '%zz', '%', '%E0%A4%A', '%C0%AF', '%FF', 'a%20b', '%25');

/** A URL path segment: a good name, a bad one encoded, or raw escapes. */
function segment(good: readonly string[]): fc.Arbitrary<Segment> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...good).map((raw) => ({ raw })) },
    // A bare `.` or `..` is resolved away by the client's URL parser: it never reaches the gateway as a name.
    { weight: 3, arbitrary: badName.map((text) => ({ raw: text === '.' || text === '..' ? '..%2F' : encodeURIComponent(text) })) },
    { weight: 1, arbitrary: rawPercent.map((raw) => ({ raw })) },
  );
}

const clusterSegment = segment(['prod-us', 'prod-us', 'staging-eu', 'PROD-US', 'nope', 'a:b@c']);
const namespaceSegment = segment(['default', 'default', 'shop', 'kube-system', 'no-such-ns']);
const podSegment = segment(['my-pod', 'my-pod', 'my-pod', 'kvfuzz-missing', 'a.b.c', 'a'.repeat(100)]);

/** A query value: garbage text encoded, or raw escapes. */
const garbageValue = fc.oneof(fc.string({ maxLength: 30 }).map(encodeURIComponent), rawPercent, fc.string({ unit: 'binary', maxLength: 12 }).map(encodeURIComponent));

function pair(name: string, good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>): fc.Arbitrary<QueryPair> {
  return fc.oneof({ weight: 3, arbitrary: good.map((v) => ({ name, raw: encodeURIComponent(v) })) }, { weight: 2, arbitrary: bad.map((v) => ({ name, raw: encodeURIComponent(v) })) }, garbageValue.map((raw) => ({ name, raw })));
}

/** Unknown parameters, repeated ones, an empty one, a stray `=` or `&`. */
const strayPair: fc.Arbitrary<QueryPair> = fc.oneof(
  fc.record({ name: fc.constantFrom('x', 'token', '', '__proto__', 'a[b]', 'container', 'tail'), raw: garbageValue }),
  fc.constant({ name: '=', raw: '=' }),
  fc.constant({ name: '&&', raw: '' }),
);

const booleanPair = (name: string): fc.Arbitrary<QueryPair> => pair(name, fc.constantFrom('true', 'false', '1', '0', ''), fc.constantFrom('yes', 'TRUE', '2', 'on', '-1', 'truee'));

const containerPair = pair('container', fc.constantFrom('app', 'app', 'nope'), badName);

const timeText = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const logsQuery: fc.Arbitrary<QueryPair[]> = fc
  .tuple(
    fc.option(containerPair, { nil: undefined }),
    fc.option(pair('tail', fc.oneof(fc.integer({ min: -1, max: 1_000_000 }).map(String), fc.constant('-0')), fc.constantFrom('-2', '1.5', '1e3', '0x10', ' 1', '+1', '1000001', '9'.repeat(30), 'NaN', 'Infinity', '--1')), { nil: undefined }),
    fc.option(booleanPair('timestamps'), { nil: undefined }),
    fc.option(
      pair('sinceTime', fc.oneof(timeText, fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999999999Z', '2026-01-01T00:00:00+23:59', '2026-06-01T12:00:00.5-07:00')), fc.constantFrom('yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01 00:00:00Z', '2026-01-01T00:00:00.1234567890Z', '1700000000')),
      { nil: undefined },
    ),
    fc.option(booleanPair('previous'), { nil: undefined }),
    fc.option(booleanPair('follow'), { nil: undefined }),
    fc.array(strayPair, { maxLength: 2 }),
  )
  .map(([...parts]) => parts.flat().filter((p): p is QueryPair => p !== undefined));

const dimension = fc.oneof(fc.integer({ min: 1, max: 1000 }).map(String), fc.constantFrom('0', '-1', '1.5', 'NaN', '1e3', '1001', '99999999999999999999', '', ' 5', '0x10'));
/** Commands that exist and end, exist and wait, or do not exist: never anything that changes the machine. */
const SAFE_COMMANDS: readonly (readonly string[])[] = [[], ['sh'], ['true'], ['sh', '-c', 'exit 3'], ['kvfuzz-no-such-command'], [''], Array.from({ length: 65 }, () => 'x')];
const terminalQuery: fc.Arbitrary<QueryPair[]> = fc
  .tuple(
    fc.option(containerPair, { nil: undefined }),
    fc.option(fc.record({ name: fc.constant('cols'), raw: dimension.map(encodeURIComponent) }), { nil: undefined }),
    fc.option(fc.record({ name: fc.constant('rows'), raw: dimension.map(encodeURIComponent) }), { nil: undefined }),
    fc.constantFrom(...SAFE_COMMANDS).map((argv) => argv.map((a) => ({ name: 'command', raw: encodeURIComponent(a) }))),
    fc.array(strayPair.filter((p) => p.name !== 'command'), { maxLength: 2 }),
  )
  .map(([container, cols, rows, command, stray]) => [container, cols, rows, ...command, ...stray].filter((p): p is QueryPair => p !== undefined));

/** Sizes a resize must refuse: 0, negative, fractional, NaN-like, infinite, huge, wrong types. */
const badSize = fc.oneof(fc.constantFrom('0', '-1', '1.5', '"NaN"', '"80"', '1e309', '-1e309', '1001', '9007199254740993', 'null', 'true', '[80]', '{}', '-0'), fc.double().map((d) => (Number.isFinite(d) ? String(d) : 'null')));
const goodSize = fc.integer({ min: 1, max: 1000 }).map(String);
/** Printable stdin only: no control character, so the shell never runs a line of it. */
const stdinGarbage = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 {}[]"\':;.,/\\|!@#$%^&*()-_=+<>?~`é€'), maxLength: 60 });

const terminalFrame: fc.Arbitrary<TerminalFrame> = fc.oneof(
  fc.tuple(fc.oneof(goodSize, badSize), fc.oneof(goodSize, badSize)).map(([c, r]) => ({ kind: 'text' as const, data: `{"type":"resize","cols":${c},"rows":${r}}` })),
  fc.constantFrom('{"type":"pause"}', '{"type":"resume"}', '{"type":"resize"}', '{"type":"RESIZE","cols":80,"rows":24}', '{"type":null}', '{}', '[]', 'null', '"resize"', 'resize', '', '{"type":"resize","cols":80,"rows":24', '{"type":"exit","code":0}').map((data) => ({ kind: 'text' as const, data })),
  fc.string({ maxLength: 40 }).map((data) => ({ kind: 'text' as const, data })),
  fc.jsonValue({ maxDepth: 2 }).map((v) => ({ kind: 'text' as const, data: JSON.stringify(v) ?? 'null' })),
  stdinGarbage.map((data) => ({ kind: 'binary' as const, data })),
  fc.constant({ kind: 'binary' as const, data: '{"type":"resize","cols":100,"rows":30}' }),
);

/** Frames above the 64 KiB limit, up to 20 MB (most just above, a few huge), and text frames that are not UTF-8. */
const violation: fc.Arbitrary<Violation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('oversize' as const), bytes: fc.integer({ min: 64 * 1024 + 1, max: 512 * 1024 }), binary: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('oversize' as const), bytes: fc.integer({ min: 1024 * 1024, max: 20 * 1024 * 1024 }), binary: fc.boolean() }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'invalid-utf8' as const }) },
);

/** The seed's pod, which exists and accepts exec: half the cases aim there, so they reach a session. */
const seedPod = fc.record({ cluster: fc.constantFrom({ raw: 'prod-us' }, { raw: 'staging-eu' }), namespace: fc.constant({ raw: 'default' }), pod: fc.constant({ raw: 'my-pod' }) });
const anyPod = fc.record({ cluster: clusterSegment, namespace: namespaceSegment, pod: podSegment });

/** True when the endpoint's documented parser accepts the query (odd but valid values included). */
function acceptedBy(parse: (params: URLSearchParams) => { ok: boolean }): (query: QueryPair[]) => boolean {
  return (query) => parse(new URLSearchParams(query.map((p) => `${p.name}=${p.raw}`).join('&'))).ok;
}

function podCase<T extends 'terminal' | 'logs'>(target: T, query: fc.Arbitrary<QueryPair[]>, parse: (params: URLSearchParams) => { ok: boolean }, frames: fc.Arbitrary<TerminalFrame[]>): fc.Arbitrary<PodSocketCase<T>> {
  return fc
    .record({
      target: fc.constant(target),
      credential: fc.oneof({ weight: 3, arbitrary: fc.constantFrom<Credential>('admin', 'alice') }, { weight: 1, arbitrary: credential }),
      place,
      // Half reach a session (the seed's pod, a query the parser takes), half are hostile all over.
      request: fc.oneof(fc.record({ where: seedPod, query: query.filter(acceptedBy(parse)) }), fc.record({ where: anyPod, query })),
      frames,
      violation: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: violation }),
    })
    .map(({ request, ...rest }) => ({ ...rest, ...request.where, query: request.query }));
}

/** Terminal sockets. */
export const terminalCase: fc.Arbitrary<TerminalCase> = podCase('terminal', terminalQuery, parseTerminalQuery, fc.array(terminalFrame, { maxLength: 8 }));

/** Log sockets. */
export const logsCase: fc.Arbitrary<LogsCase> = podCase('logs', logsQuery, parseLogQuery, fc.constant([]));

// --- watch -------------------------------------------------------------------------------------------

const MISSING = undefined;
const nonString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }));
function field(good: readonly string[], bad: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...good) }, { weight: 3, arbitrary: bad }, { weight: 1, arbitrary: nonString }, { weight: 1, arbitrary: fc.constant(MISSING) });
}
const selectorField = fc.oneof(
  { weight: 4, arbitrary: fc.constant(MISSING) },
  { weight: 4, arbitrary: fc.constantFrom('', '  ', 'app=web', 'kvfuzz-none=1', 'app in (web,api)', '!legacy', 'tier notin (a)', 'app!=x,app') },
  { weight: 2, arbitrary: fc.constantFrom('a in (b', '==', 'a=b=c', '!', 'x>y', 'UPPER_/x=1', 'a,,b', '(', 'a in ()', 'x'.repeat(300) + '=1') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: nonString },
);
const watchObject = fc.record({
  action: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('subscribe', 'subscribe', 'unsubscribe') }, { weight: 2, arbitrary: fc.constantFrom('SUBSCRIBE', 'sub', 'watch', '', 'toString', '__proto__') }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }, { weight: 1, arbitrary: nonString }, { weight: 1, arbitrary: fc.constant(MISSING) }),
  cluster: field(['prod-us', 'prod-us', 'staging-eu', 'nope', 'PROD-US'], badName),
  namespace: field(['', 'default', 'default', 'shop', 'kube-system', 'no-such-ns'], badName),
  resource: field(['pods', 'pods', 'configmaps', 'namespaces', 'deployments', 'events', '*', 'widgets', 'persistentvolumes'], fc.oneof(badName, fc.constantFrom('Pods', ' pods', '*/*', 'pods/', 'pods..apps'))),
  labelSelector: selectorField,
  extra: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }), { nil: undefined }),
});
const watchMessage: fc.Arbitrary<WatchMessage> = fc.oneof(
  { weight: 6, arbitrary: watchObject.map(({ extra, ...fields }) => ({ kind: 'text' as const, data: JSON.stringify({ ...extra, ...fields }) })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', '{', 'null', '[]', '"subscribe"', '1e999', '{"action":"subscribe"', '\u0000', '{"__proto__":{"action":"subscribe"}}', '{"action":"subscribe","action":"nope"}', '{"constructor":{"prototype":{"polluted":1}}}', '\uFEFF{}').map((data) => ({ kind: 'text' as const, data })),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((data) => ({ kind: 'text' as const, data })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => ({ kind: 'text' as const, data: JSON.stringify(v) ?? 'null' })) },
  { weight: 1, arbitrary: fc.oneof(watchObject.map((o) => JSON.stringify(o)), fc.string({ maxLength: 20 })).map((data) => ({ kind: 'binary' as const, data })) },
);

/** Watch sockets. */
export const watchCase: fc.Arbitrary<WatchCase> = fc.oneof(
  { weight: 20, arbitrary: fc.record({ target: fc.constant('watch' as const), shape: fc.constant('messages' as const), credential, place, messages: fc.array(watchMessage, { minLength: 1, maxLength: 12 }) }) },
  { weight: 3, arbitrary: fc.record({ target: fc.constant('watch' as const), shape: fc.constant('violation' as const), credential: fc.constant<Credential>('admin'), violation }) },
  { weight: 3, arbitrary: fc.record({ target: fc.constant('watch' as const), shape: fc.constant('query' as const), credential, query: fc.array(strayPair, { minLength: 1, maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ target: fc.constant('watch' as const), shape: fc.constant('flood' as const), count: fc.integer({ min: 10, max: 2000 }) }) },
);

/** 10,000 subscriptions on one socket (heavy: the campaign runs it a fixed number of times). */
export const massSubscribeCase: WatchCase = { target: 'watch', shape: 'mass-subscribe', count: 10_000 };

// --- REST, auth, audit ----------------------------------------------------------------------------------

const CONTENT_TYPES = [
  'application/json',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json, text/plain',
  '{{{',
  '',
];
const bodyData = fc.oneof(
  fc.json({ maxDepth: 2 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', 'null', '[]', '{', '{"metadata":{"name":5}}', '{"metadata":[]}', '{"kind":"ConfigMap","metadata":{"name":"kvfuzz-1"},"data":{"a":1}}', '[{"op":"bogus"}]', '{"metadata":{"name":"kvfuzz-2","labels":{"A B":"c"}}}', '{"__proto__":{"x":1}}'),
  fc.record({ name: fc.oneof(fc.constantFrom('kvfuzz-1', 'kvfuzz-2'), badName), data: fc.jsonValue({ maxDepth: 1 }) }).map(({ name, data }) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data })),
);
const body: fc.Arbitrary<Body | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 6, arbitrary: fc.record({ contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: null }), data: bodyData, repeat: fc.constant(1) }) },
  // Over the 3 MiB body limit.
  { weight: 1, arbitrary: fc.record({ contentType: fc.constantFrom('application/json', 'application/merge-patch+json', 'text/plain'), data: fc.constant('x'.repeat(1024)), repeat: fc.integer({ min: 3 * 1024 + 1, max: 4 * 1024 }) }) },
);

/** Header names and values node:http lets through, and a few that mean something. */
const headerGarbage = fc.oneof(
  fc.tuple(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), fc.string({ unit: fc.constantFrom(...' abcdefXYZ0123456789!#$%&*+-.^_`|~;=,"()/:<>?@[]{}\\'), maxLength: 40 })),
  fc.constantFrom<[string, string]>(
    ['authorization', 'Bearer'],
    ['authorization', 'Basic YWxpY2U6eA=='],
    ['authorization', 'Bearer kvt_not-a-ticket'],
    ['authorization', `Bearer ${'x'.repeat(9000)}`],
    ['x-big', 'x'.repeat(20_000)],
    ['accept', 'text/html;q=garbage'],
    ['origin', 'http://evil.example'],
    ['origin', 'null'],
    ['host', 'evil.example'],
    ['accept-encoding', 'gzip;q=-1, *;q=NaN'],
    ['transfer-encoding', 'gzip'],
    ['x-forwarded-for', '999.999.999.999'],
  ),
);

/** A UUID-shaped id nobody recorded, or garbage. */
const sessionId = fc.oneof(fc.uuid().map((u) => u.toLowerCase()), badName.map(encodeURIComponent), rawPercent);
const auditQuery = fc.array(
  fc.oneof(
    pair('limit', fc.integer({ min: 1, max: 500 }).map(String), fc.constantFrom('0', '501', '-1', '1.5', 'all', '9'.repeat(20))),
    pair('from', timeText, fc.constantFrom('yesterday', '2026-02-30T00:00:00Z', '')),
    pair('to', timeText, fc.constantFrom('9999-99-99T00:00:00Z', '0')),
    pair('cluster', fc.constantFrom('prod-us', 'nope'), badName),
    pair('user', fc.constantFrom('alice', 'admin-token'), fc.constant('u'.repeat(300))),
    pair('cursor', fc.constant(Buffer.from(JSON.stringify([1, '00000000-0000-0000-0000-000000000000'])).toString('base64url')), fc.oneof(fc.string({ maxLength: 30 }), fc.constant(Buffer.from('[1e300,"x"]').toString('base64url')))),
    strayPair,
  ),
  { maxLength: 5 },
);

interface Route {
  readonly method: string;
  readonly path: string;
  readonly query: readonly QueryPair[];
  /** True when the case is built so that only its path names are wrong (the gateway answers 400). */
  readonly badName: boolean;
}

const READ_RESOURCES = ['pods', 'configmaps', 'namespaces', 'nodes', 'deployments.apps', 'secrets', 'widgets', 'events'];
const WRITE_RESOURCES = ['configmaps', 'secrets', 'services', 'pods', 'deployments.apps', 'widgets'];
const objectName = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 9 }).map((n) => `kvfuzz-${n}`) }, { weight: 1, arbitrary: fc.constantFrom('my-pod', 'kube-root-ca.crt') });
const nsPair = (good: readonly string[]): fc.Arbitrary<QueryPair[]> =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...good).map((ns) => [{ name: 'namespace', raw: ns }]) }, { weight: 1, arbitrary: fc.constant<QueryPair[]>([]) }, { weight: 1, arbitrary: badName.map((ns) => [{ name: 'namespace', raw: encodeURIComponent(ns) }]) });
const selectorPair = fc.option(fc.oneof(selectorField.filter((s): s is string => typeof s === 'string'), fc.constant('a')).map((s) => ({ name: 'labelSelector', raw: encodeURIComponent(s) })), { nil: undefined });

const readRoute: fc.Arbitrary<Route> = fc.oneof(
  fc.constant({ method: 'GET', path: '/api/v1/clusters', query: [], badName: false }),
  fc.tuple(segment(['prod-us', 'staging-eu', 'nope'])).map(([c]) => ({ method: 'GET', path: `/api/v1/clusters/${c.raw}/resources`, query: [], badName: false })),
  fc.tuple(segment(['prod-us', 'staging-eu']), fc.constantFrom(...READ_RESOURCES), nsPair(['default', 'shop', '']), selectorPair, fc.array(strayPair, { maxLength: 2 })).map(([c, r, ns, sel, stray]) => ({
    method: 'GET',
    path: `/api/v1/clusters/${c.raw}/${r}`,
    query: [...ns, ...(sel ? [sel] : []), ...stray],
    badName: false,
  })),
  fc.tuple(fc.constantFrom(...READ_RESOURCES), segment(['my-pod', 'kube-root-ca.crt', 'kvfuzz-1']), nsPair(['default', 'shop'])).map(([r, n, ns]) => ({ method: 'GET', path: `/api/v1/clusters/prod-us/${r}/${n.raw}`, query: ns, badName: false })),
  // Only the name is bad: everything else is right, so the answer must be 400.
  fc.tuple(fc.constantFrom('GET', 'DELETE', 'PUT', 'PATCH'), fc.oneof(badName.filter((n) => n !== '.' && n !== '..' && dns1123SubdomainError(n) !== null).map(encodeURIComponent), fc.constantFrom('%zz', '%', '%E0%A4%A', '%C0%AF', '%FF', '%00', 'a%2Fb', 'a%20b', '%2e%2e%2f'))).map(([method, raw]) => ({
    method,
    path: `/api/v1/clusters/prod-us/configmaps/${raw}`,
    query: [{ name: 'namespace', raw: FUZZ_NAMESPACE }],
    badName: true,
  })),
);
const writeRoute: fc.Arbitrary<Route> = fc.oneof(
  fc.tuple(fc.constantFrom(...WRITE_RESOURCES), nsPair([FUZZ_NAMESPACE, 'kvfuzz-no-such-ns'])).map(([r, ns]) => ({ method: 'POST', path: `/api/v1/clusters/prod-us/${r}`, query: ns, badName: false })),
  fc.tuple(fc.constantFrom('PUT', 'PATCH', 'DELETE'), fc.constantFrom(...WRITE_RESOURCES), objectName, nsPair([FUZZ_NAMESPACE, 'kvfuzz-no-such-ns'])).map(([method, r, n, ns]) => ({
    method,
    path: `/api/v1/clusters/prod-us/${r}/${n}`,
    // The seed's objects outside namespace fuzz are only ever read.
    query: ns,
    badName: false,
  })),
  fc.constantFrom('HEAD', 'OPTIONS', 'TRACE', 'PROPFIND').map((method) => ({ method, path: '/api/v1/clusters/prod-us/pods', query: [], badName: false })),
);

/** fastify's longest path parameter (routerOptions.maxParamLength of the gateway). */
const MAX_PARAM_LENGTH = 512;

/** True when a segment of `path` is not valid percent-encoding or longer than fastify routes. */
function malformedPath(path: string): boolean {
  return path.split('/').some((segment) => {
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
    return segment.length > MAX_PARAM_LENGTH;
  });
}

function httpCase(target: HttpCase['target'], route: fc.Arbitrary<Route>, protectedRoute: (r: Route) => boolean): fc.Arbitrary<HttpCase> {
  return fc
    .record({ route, credential, headers: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(headerGarbage, { minLength: 1, maxLength: 3 }) }), body })
    .map(({ route: r, credential: cred, headers, body: b }) => {
      // The contract fixes the answer when nothing but the credential, or nothing but a name, is wrong.
      const plain = headers.length === 0 && b === null;
      const anonymous = cred === 'garbage' || cred === 'none';
      let expectStatus: number | null = null;
      // A path fastify cannot route is refused before any credential is looked at.
      if (plain && malformedPath(r.path)) expectStatus = 400;
      else if (plain && anonymous && protectedRoute(r)) expectStatus = 401;
      else if (plain && r.badName && (cred === 'admin' || cred === 'alice')) expectStatus = 400;
      return { target, method: r.method, path: r.path, query: r.query, credential: cred, headers, body: b, expectStatus };
    });
}

const authRoute: fc.Arbitrary<Route> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ method: 'POST', path: '/api/v1/auth/login', query: [], badName: false }) },
  { weight: 2, arbitrary: fc.constant({ method: 'POST', path: '/api/v1/auth/ws-ticket', query: [], badName: false }) },
  { weight: 2, arbitrary: fc.constant({ method: 'GET', path: '/api/v1/auth/me', query: [], badName: false }) },
  { weight: 1, arbitrary: fc.constantFrom('/healthz', '/readyz', '/api/v1/auth/login', '/api/v1/nope', '/api/v1/auth/me/extra').map((path) => ({ method: 'GET', path, query: [], badName: false })) },
);
/** Login bodies: the right shape with wrong types, huge strings, unknown users, and plain garbage. */
const loginBody: fc.Arbitrary<Body> = fc.oneof(
  fc.record({
    username: fc.oneof(fc.constantFrom('alice', 'kvfuzz-nobody', ''), fc.string({ maxLength: 20 }), nonString, fc.constant('u'.repeat(100_000))),
    password: fc.oneof(fc.constantFrom('wrong', ''), fc.string({ maxLength: 20 }), nonString, fc.constant('p'.repeat(200_000))),
  }).map((fields) => ({ contentType: 'application/json', data: JSON.stringify(fields), repeat: 1 })),
  body.filter((b): b is Body => b !== null),
);

/** Auth and health routes. */
export const authCase: fc.Arbitrary<HttpCase> = fc
  .tuple(httpCase('auth', authRoute, (r) => r.path !== '/api/v1/auth/login' && r.path.startsWith('/api/v1/auth/') && r.path.split('/').length === 5), loginBody)
  .map(([c, login]) => (c.path === '/api/v1/auth/login' && c.method === 'POST' ? { ...c, body: login, expectStatus: null } : c));

/** The Resource API. */
export const restCase: fc.Arbitrary<HttpCase> = httpCase('rest', fc.oneof({ weight: 3, arbitrary: readRoute }, { weight: 2, arbitrary: writeRoute }), (r) => !['HEAD', 'OPTIONS', 'TRACE', 'PROPFIND'].includes(r.method));

const auditRoute: fc.Arbitrary<Route> = fc.oneof(
  auditQuery.map((query) => ({ method: 'GET', path: '/api/v1/audit/terminal-sessions', query, badName: false })),
  fc.tuple(sessionId, fc.boolean()).map(([id, recording]) => ({ method: 'GET', path: `/api/v1/audit/terminal-sessions/${id}${recording ? '/recording' : ''}`, query: [], badName: false })),
);

/** The audit API. */
export const auditCase: fc.Arbitrary<HttpCase> = httpCase('audit', auditRoute, () => true);

/** Every case, in the mix the campaign runs. */
export const anyCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 5, arbitrary: watchCase },
  { weight: 2, arbitrary: terminalCase },
  { weight: 3, arbitrary: logsCase },
  { weight: 5, arbitrary: restCase },
  { weight: 2, arbitrary: authCase },
  { weight: 2, arbitrary: auditCase },
);
