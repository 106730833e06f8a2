/** Which WebSocket endpoint an upgrade request is for, as a bounded `endpoint` label. */
import { Paths } from '../../src/core/protocol.js';
import type { Endpoint } from './gateway-metrics.js';

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * The endpoint of an admitted upgrade's `url`. Only the three endpoints' paths are ever admitted
 * (malformed ones too, see malformed-upgrade.ts), so what is neither terminal nor logs is the watch.
 */
export function endpointOf(url: string): Endpoint {
  const path = url.split('?')[0] ?? '';
  if (under(path, Paths.terminal)) return 'terminal';
  if (under(path, Paths.logs)) return 'logs';
  return 'watch';
}
