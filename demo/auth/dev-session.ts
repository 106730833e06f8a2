/**
 * Dev sign-in: under `npm run dev` the vite plugin hands out the dev admin token. Import this
 * module only behind `import.meta.env.DEV`, so a production build contains nothing of it.
 */
import { whoAmI } from '../api.js';
import { DEV_SESSION_PATH } from '../dev-session-path.js';
import type { Session } from './session.js';

/** The dev admin session, or null when this page was not served by the dev server. */
export async function devSession(): Promise<Session | null> {
  const response = await fetch(DEV_SESSION_PATH, { cache: 'no-store' });
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return null;
  const { accessToken } = (await response.json()) as { accessToken?: unknown };
  if (typeof accessToken !== 'string') return null;
  return { token: accessToken, user: await whoAmI(accessToken), expiresAt: null };
}
