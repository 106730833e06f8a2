/**
 * The cluster and resource type a REST request names, checked in one order for every route that
 * takes them (resources, `can`): names first, then the cluster (hidden unless the user may read it),
 * then the type from the cluster's discovery.
 */
import type { FastifyReply } from 'fastify';
import { allows, type Identity } from '../auth/roles.js';
import type { ResourceInfo } from '../kube/catalog.js';
import type { GatewayCluster } from '../kube/clusters.js';
import type { GatewayContext } from '../ws/context.js';
import { sendError } from './errors.js';
import { requestNameProblem, type RequestNames } from './request-names.js';

/** A request's cluster and resource type, both known to exist. */
export interface RequestTarget {
  cluster: GatewayCluster;
  info: ResourceInfo;
}

/** The message of a cluster that did not answer discovery. */
export function unreachable(cluster: string, error: unknown): string {
  return `cluster "${cluster}" is unreachable: ${error instanceof Error ? error.message : String(error)}`;
}

/** Resolves `names` for `identity`, or answers 400, 404 or 502 and returns null. */
export async function resolveTarget(ctx: GatewayContext, reply: FastifyReply, identity: Identity, names: RequestNames): Promise<RequestTarget | null> {
  const problem = requestNameProblem(names);
  if (problem) {
    sendError(reply, 400, problem);
    return null;
  }
  const cluster = ctx.clusters.get(names.cluster);
  if (!cluster || !allows(identity, 'read', names.cluster)) {
    sendError(reply, 404, `cluster "${names.cluster}" not found`);
    return null;
  }
  let info: ResourceInfo | undefined;
  try {
    info = await ctx.catalog.resolve(cluster, names.resource);
  } catch (error) {
    sendError(reply, 502, unreachable(cluster.name, error));
    return null;
  }
  if (!info) {
    sendError(reply, 404, `the server doesn't have a resource type "${names.resource}"`);
    return null;
  }
  return { cluster, info };
}
