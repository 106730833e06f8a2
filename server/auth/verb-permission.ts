/** Which of the gateway's own permissions a Kubernetes verb on a resource needs (DESIGN §8 roles). */
import type { Permission } from './roles.js';

/** Verbs that only read. */
const READ_VERBS = new Set(['get', 'list', 'watch']);

/**
 * The gateway permission behind `verb` on `resource`/`subresource`: a shell in a pod is a terminal,
 * reading (logs included) is read, anything else changes the cluster and is write.
 */
export function permissionForVerb(verb: string, resource: string, subresource = ''): Permission {
  if (resource === 'pods' && (subresource === 'exec' || subresource === 'attach')) return 'terminal';
  return READ_VERBS.has(verb) ? 'read' : 'write';
}
