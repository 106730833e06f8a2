/**
 * Origin × credential × endpoint × mode (DESIGN §3): a refused origin gets HTTP 403 with the JSON
 * error and no upgrade, whatever the credential; an allowed or absent origin still needs a token.
 * Dev allows loopback origins and the same origin; production allows the same origin only, or
 * exactly the configured allowedOrigins (compared as scheme, host and port) when there are any.
 */
import type { Harness } from './gateway-harness.ts';
import { carry, openEndpoint, rest, SOCKET_ENDPOINTS, type SocketTarget } from './security-client.ts';
import type { Evidence } from './security-evidence.ts';
import { inParallel, type Cell } from './security-grid.ts';
import { LISTED_ORIGIN, type World } from './security-world.ts';

type Mode = 'dev' | 'production + allowedOrigins' | 'production default';

/** The origins tried, by label; null is no Origin header. */
function origins(h: Harness): Record<string, string | null> {
  return {
    listed: LISTED_ORIGIN,
    // Configured as "https://Admin.Example:443/": the same scheme, host and port.
    'listed, spelled otherwise': 'https://admin.example',
    loopback: 'http://localhost:5173',
    'same origin': new URL(h.url).origin,
    foreign: 'https://evil.example',
    '"null"': 'null',
    absent: null,
  };
}

/** Which origin labels each mode lets through. */
const ALLOWED: Record<Mode, readonly string[]> = {
  dev: ['loopback', 'same origin', 'absent'],
  'production + allowedOrigins': ['listed', 'listed, spelled otherwise', 'absent'],
  'production default': ['same origin', 'absent'],
};

const TARGET: SocketTarget = { cluster: 'prod-us', namespace: 'default', pod: 'my-pod', container: 'app' };

/** Every cell of the origin matrix; each gateway's admin token is the credential. */
export async function originCells(world: World, evidence: Evidence): Promise<Cell[]> {
  const modes: [Mode, Harness][] = [
    ['dev', world.dev],
    ['production + allowedOrigins', world.production],
    ['production default', world.productionDefault],
  ];
  const tasks: (() => Promise<Cell>)[] = [];
  for (const [mode, h] of modes) {
    for (const [label, origin] of Object.entries(origins(h))) {
      for (const credential of ['token', 'no token'] as const) {
        const allowed = ALLOWED[mode].includes(label);
        const token = credential === 'token' ? h.adminToken : null;
        const coords = (endpoint: string): Record<string, string> => ({ mode, origin: label, credential, endpoint });
        for (const endpoint of SOCKET_ENDPOINTS) {
          const expected = !allowed ? 'HTTP 403' : token ? 'ok' : '4401';
          tasks.push(async () => {
            const result = await openEndpoint(h.wsUrl, endpoint, TARGET, carry('query', token, origin ?? undefined), evidence);
            return { coords: coords(endpoint), expected, actual: result.outcome };
          });
        }
        tasks.push(async () => {
          const res = await rest(h.url, 'GET', '/api/v1/clusters', { bearer: token, ...(origin === null ? {} : { origin }) }, evidence);
          return { coords: coords('REST'), expected: !allowed ? '403' : token ? '200' : '401', actual: res.outcome };
        });
      }
    }
  }
  return inParallel(tasks, 6);
}
