/**
 * Origin validation (DESIGN §3): a request that carries an Origin must come from an allowed one, or
 * it gets 403 before any upgrade (cross-site WebSocket hijacking, CSRF). Without a configured list:
 * same-origin only in production, and any loopback origin in dev.
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A configured entry as the origin a browser would send for it: lower-case host, no default port,
 * no path (`https://Admin.Example:443/` is `https://admin.example`); null when it is not a URL.
 */
function entryOrigin(entry: string): string | null {
  try {
    return new URL(entry).origin;
  } catch {
    return null;
  }
}

/** Decides whether `origin` may call a gateway reached as `host`. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[], production: boolean): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.length > 0) return allowed.some((a) => entryOrigin(a) === url.origin);
  if (host !== undefined && url.host === host) return true;
  return !production && LOOPBACK.has(url.hostname);
}
