/**
 * The gateways the security matrix runs against, one per mode (dev; production with allowedOrigins;
 * production with the same-origin default), the users of every role and scope, and the objects the
 * cells read and write.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../server/auth/passwords.ts';
import { roleAtLeast, type Identity, type Role } from '../../server/auth/roles.ts';
import { startHarness, USERS, type Harness } from './gateway-harness.ts';
import { rest } from './security-client.ts';
import type { Evidence } from './security-evidence.ts';

/** A user of the matrix with the limits the gateway config gives it. */
export interface Persona {
  readonly name: string;
  readonly password: string;
  readonly role: Role;
  readonly clusters?: readonly string[];
  readonly namespaces?: readonly string[];
}

/** Users the harness does not have: an operator limited to a namespace and a cluster, a viewer and an admin limited to a cluster, one for the rate limit. */
const EXTRA: readonly Persona[] = [
  { name: 'olga', password: 'olga-secret-pw-4f1c', role: 'operator', clusters: ['prod-us'], namespaces: ['shop'] },
  { name: 'cleo', password: 'cleo-secret-pw-9a7e', role: 'viewer', clusters: ['staging-eu'] },
  { name: 'ada', password: 'ada-secret-pw-6c3f0', role: 'admin', clusters: ['staging-eu'] },
  { name: 'rita', password: 'rita-secret-pw-2b8d', role: 'viewer' },
];

/** Every persona, weakest role first; rita only serves the rate limit. */
export const PERSONAS: readonly Persona[] = [
  { name: 'victor', ...USERS.victor },
  { name: 'alice', ...USERS.alice },
  { name: 'adam', ...USERS.adam },
  { name: 'nina', ...USERS.nina },
  ...EXTRA,
];

/** The persona named `name`. */
export function persona(name: string): Persona {
  const p = PERSONAS.find((x) => x.name === name);
  if (!p) throw new Error(`no persona ${name}`);
  return p;
}

/** The identity a login gives `p`. */
export function identityOf(p: Persona): Identity {
  return { user: p.name, role: p.role, clusters: p.clusters ? [...p.clusters] : null, namespaces: p.namespaces ? [...p.namespaces] : null };
}

/** True when `p` may read `namespace` ("" = all) of `cluster` by the rules of DESIGN §8. */
export function mayRead(p: Persona, cluster: string, namespace: string): boolean {
  if (p.clusters && !p.clusters.includes(cluster)) return false;
  return !p.namespaces || (namespace !== '' && p.namespaces.includes(namespace));
}

/** True when `p` has at least `role`. */
export function hasRole(p: Persona, role: Role): boolean {
  return roleAtLeast(p.role, role);
}

/** The three gateways, the dev one's signing key, and where their recordings go. */
export interface World {
  readonly dev: Harness;
  readonly production: Harness;
  readonly productionDefault: Harness;
  /** The dev gateway's token signing key (to mint expired tokens as it would). */
  readonly secret: Uint8Array;
  /** The temporary directory holding every gateway's recordings; removed after the run. */
  readonly root: string;
  /** The parent of the dev gateway's recordings directory (the sentinel goes here, outside it). */
  readonly outside: string;
  /** Each gateway's recordings directory. */
  readonly recordingDirs: readonly string[];
  /** An access token of every persona from the dev gateway. */
  readonly tokens: ReadonlyMap<string, string>;
}

/** The origin configured on the production gateway, and one spelled differently (case, default port, slash). */
export const LISTED_ORIGIN = 'https://dash.example';
/** How the second allowed origin is written in the config; browsers send it as `https://admin.example`. */
export const LISTED_SPELLED = 'https://Admin.Example:443/';

/** Logs `p` in on `h` and returns the access token. */
export async function loginAs(h: Harness, p: Persona, evidence: Evidence): Promise<string> {
  const res = await rest(h.url, 'POST', '/api/v1/auth/login', { body: { username: p.name, password: p.password } }, evidence);
  const token = (res.json as { accessToken?: unknown }).accessToken;
  if (typeof token !== 'string') throw new Error(`login of ${p.name} failed: ${res.text}`);
  return evidence.secret(`token of ${p.name}`, token);
}

/** Starts the three gateways (each on its own emulator) and logs every persona in on the dev one. */
export async function startWorld(evidence: Evidence): Promise<World> {
  const extraUsers = await Promise.all(
    EXTRA.map(async (p) => ({ name: p.name, passwordHash: await hashPassword(p.password), role: p.role, ...(p.clusters ? { clusters: [...p.clusters] } : {}), ...(p.namespaces ? { namespaces: [...p.namespaces] } : {}) })),
  );
  const root = mkdtempSync(join(tmpdir(), 'kv-security-'));
  const recordingDirs: string[] = [];
  const secret = new Uint8Array(randomBytes(32));
  const start = (name: string, allowedOrigins: string[], production: boolean): Promise<Harness> =>
    startHarness(
      (c) => {
        c.users.push(...extraUsers.map((u) => ({ ...u })));
        c.allowedOrigins = allowedOrigins;
        c.recording.dir = join(root, name, 'recordings');
        mkdirSync(c.recording.dir, { recursive: true });
        recordingDirs.push(c.recording.dir);
      },
      { production, ...(name === 'dev' ? { tokenSecret: secret } : {}) },
    );
  const [dev, production, productionDefault] = await Promise.all([start('dev', [], false), start('production', [LISTED_ORIGIN, LISTED_SPELLED], true), start('production-default', [], true)]);
  for (const h of [dev, production, productionDefault]) {
    evidence.secret(`admin token (${h.url})`, h.adminToken);
    evidence.secret(`emulator token (${h.url})`, h.sim.token);
  }
  for (const p of PERSONAS) evidence.secret(`password of ${p.name}`, p.password);
  const tokens = new Map<string, string>();
  for (const p of PERSONAS) tokens.set(p.name, await loginAs(dev, p, evidence));
  return { dev, production, productionDefault, secret, root, outside: join(root, 'dev'), recordingDirs, tokens };
}

/** The token of `name` on the dev gateway. */
export function tokenOf(world: World, name: string): string {
  const token = world.tokens.get(name);
  if (token === undefined) throw new Error(`no token for ${name}`);
  return token;
}
