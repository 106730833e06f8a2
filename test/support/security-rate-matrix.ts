/**
 * The login rate limit (server/http/rate-limit.ts; DESIGN §8: per user and client address per
 * minute): failed logins up to the limit get 401, the next one 429 with the JSON error shape and a
 * Retry-After header, a correct password is refused too while limited, another user or another
 * address is not affected, and a flood of other keys cannot push a limited key out of the limiter.
 */
import { Paths } from '../../src/core/protocol.ts';
import { RateLimiter } from '../../server/http/rate-limit.ts';
import { rawRequest } from './security-client.ts';
import type { Evidence } from './security-evidence.ts';
import type { Cell } from './security-grid.ts';
import { persona, type World } from './security-world.ts';

/** Keys the limiter keeps at most (server/http/rate-limit.ts), and a flood bigger than that. */
const FLOOD = 10_001;

/** `123 ×3`-style summary of a run of statuses. */
function runs(statuses: readonly number[]): string {
  const out: string[] = [];
  for (const s of statuses) {
    const last = out.at(-1);
    if (last?.startsWith(`${s} ×`)) out[out.length - 1] = `${s} ×${Number(last.split('×')[1]) + 1}`;
    else out.push(`${s} ×1`);
  }
  return out.join(', ');
}

/** Every cell of the rate-limit matrix, run in order (each depends on the counts before it). */
export async function rateLimitCells(world: World, evidence: Evidence): Promise<Cell[]> {
  const limit = 10; // the dev gateway keeps the default loginAttemptsPerMinute
  const login = async (username: string, password: string, localAddress?: string) => {
    const res = await rawRequest(
      world.dev.url,
      { method: 'POST', path: Paths.login, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }), ...(localAddress ? { localAddress } : {}) },
      evidence,
    );
    const token = (res.json as { accessToken?: unknown } | null)?.accessToken;
    if (typeof token === 'string') evidence.secret(`token of ${username}`, token);
    return res;
  };
  const wrong = (i: number): string => evidence.secret('wrong password', `wrong-password-${i}-${Math.random().toString(36).slice(2)}`);
  const rita = persona('rita');
  const cell = (who: string, attempt: string, expected: string, actual: string): Cell => ({ coords: { who, attempt }, expected, actual });
  const cells: Cell[] = [];

  const failures: number[] = [];
  for (let i = 1; i <= limit; i++) failures.push((await login(rita.name, wrong(i))).status);
  cells.push(cell('rita', `wrong password, attempts 1-${limit}`, `401 ×${limit}`, runs(failures)));
  const limited = await login(rita.name, wrong(limit + 1));
  cells.push(cell('rita', `wrong password, attempt ${limit + 1}`, '429', limited.outcome));
  const retry = Number(limited.headers['retry-after']);
  cells.push(cell('rita', 'Retry-After of the 429', 'seconds within the minute', Number.isInteger(retry) && retry >= 1 && retry <= 60 ? 'seconds within the minute' : `"${String(limited.headers['retry-after'])}"`));
  cells.push(cell('rita', 'correct password while limited', '429', (await login(rita.name, rita.password)).outcome));
  cells.push(cell('victor (same address)', 'correct password', '200', (await login('victor', persona('victor').password)).outcome));
  cells.push(cell('rita from 127.0.0.2', 'correct password', '200', (await login(rita.name, rita.password, '127.0.0.2')).outcome));

  // A body cut off inside the password: the 400 must not quote it back.
  const cut = await rawRequest(world.dev.url, { method: 'POST', path: Paths.login, headers: { 'Content-Type': 'application/json' }, body: `{"username":"victor","password":"${persona('victor').password}` }, evidence);
  cells.push(cell('victor (same address)', 'malformed JSON body', '400', cut.outcome));

  const unknown: number[] = [];
  for (let i = 1; i <= limit + 1; i++) unknown.push((await login('no-such-user', wrong(100 + i))).status);
  cells.push(cell('unknown user', `wrong password, attempts 1-${limit + 1}`, `401 ×${limit}, 429 ×1`, runs(unknown)));

  // A flood is 10,000 scrypt checks through HTTP: the limiter is asked directly, as the route asks it.
  const limiter = new RateLimiter(limit, 60_000, () => 0);
  for (let i = 0; i <= limit; i++) limiter.attempt('victim');
  for (let i = 0; i < FLOOD; i++) limiter.attempt(`flood-${i}`);
  cells.push(cell('limited key after a flood of other keys', 'next attempt', 'limited', limiter.attempt('victim') ? 'allowed' : 'limited'));
  return cells;
}
