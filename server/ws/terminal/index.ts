/**
 * `/api/v1/ws/terminal/:cluster/:ns/:pod` (DESIGN §6): an interactive shell in a pod through
 * `pods/exec`, for operators and admins, recorded when a recorder is given.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { CloseCode, Paths } from '../../../src/core/protocol.js';
import type { SessionRecorder } from '../../recording/index.js';
import type { GatewayContext } from '../context.js';
import { closeSocket } from '../socket-util.js';
import { EarlyFrames } from './early-frames.js';
import { planSession, type TerminalParams } from './plan.js';
import { TerminalSession } from './session.js';

async function openTerminal(
  ctx: GatewayContext,
  recorder: SessionRecorder | null,
  socket: WebSocket,
  request: FastifyRequest<{ Params: TerminalParams }>,
): Promise<void> {
  // Attached before the first await: frames sent right after the upgrade must not be lost.
  const early = new EarlyFrames(socket);
  try {
    const identity = await ctx.admit(socket, request);
    if (!identity) return;
    const search = new URL(request.url, 'http://gateway.invalid').searchParams;
    const result = await planSession(ctx.clusters, ctx.access, identity, request.params, search, ctx.config.limits.clusterAnswerSeconds * 1000);
    if (!result.ok) {
      closeSocket(socket, result.closeCode, result.reason);
      return;
    }
    new TerminalSession(socket, ctx, identity, result.plan, recorder).start(early);
  } catch (error) {
    // The request URL may carry a token: log the error alone.
    ctx.log.error({ err: error }, 'terminal session failed to start');
    closeSocket(socket, CloseCode.InternalError, 'internal error');
  } finally {
    early.release();
  }
}

/** Registers the terminal endpoint; `recorder` null turns recording off. */
export function registerTerminalEndpoint(app: FastifyInstance, ctx: GatewayContext, recorder: SessionRecorder | null): void {
  app.get<{ Params: TerminalParams }>(`${Paths.terminal}/:cluster/:ns/:pod`, { websocket: true }, (socket, request) =>
    openTerminal(ctx, recorder, socket, request),
  );
}
