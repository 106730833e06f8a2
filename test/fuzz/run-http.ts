/**
 * Runs REST, auth and audit cases over node:http and judges the answer by DESIGN §8: every 4xx
 * carries `{"error":{"code","reason","message"}}` with the same code, nothing answers 5xx or
 * 3xx, a success is JSON (or asciicast for a recording), and a case built to get 400 or 401 gets it.
 */
import type { HttpCase } from './cases.ts';
import { queryString, tokenOf } from './credentials.ts';
import type { GatewayUnderTest } from './gateway-child.ts';
import { call, type HttpAnswer } from './http-probe.ts';
import { OK, outcome, type Outcome } from './outcome.ts';

const BOUND_MS = 5000;

function isErrorShape(body: unknown, status: number): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  const { code, reason, message } = error as Record<string, unknown>;
  return code === status && typeof reason === 'string' && reason.length > 0 && typeof message === 'string';
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The verdict on one answer. */
export function judgeAnswer(c: HttpCase, answer: HttpAnswer): Outcome {
  if (answer.kind === 'timeout') return outcome('hang', `no answer within ${BOUND_MS} ms`);
  // node:http refusing to send a header is the client's limit, not something the gateway saw.
  if (answer.kind === 'error') return answer.refusedLocally ? OK : outcome('unclear', `connection ended without an answer: ${answer.message}`);
  const { status, body, contentType } = answer;
  const said = `${status} ${contentType} ${body.slice(0, 160)}`;
  if (c.expectStatus !== null && status !== c.expectStatus) return outcome('unclear', `expected ${c.expectStatus}, got ${said}`);
  if (status >= 500 || status < 200 || (status >= 300 && status < 400)) return outcome('unclear', said);
  const bodiless = c.method === 'HEAD' || status === 204;
  if (status >= 400) return bodiless || isErrorShape(parse(body), status) ? OK : outcome('unclear', `error without the JSON error shape: ${said}`);
  if (bodiless) return OK;
  if (contentType.startsWith('application/x-asciicast')) return OK;
  return contentType.startsWith('application/json') && parse(body) !== undefined ? OK : outcome('unclear', `success that is not JSON: ${said}`);
}

/** One HTTP case. */
export async function runHttp(gateway: GatewayUnderTest, c: HttpCase): Promise<Outcome> {
  const token = tokenOf(gateway, c.credential);
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (c.body?.contentType) headers['content-type'] = c.body.contentType;
  for (const [name, value] of c.headers) headers[name] = value;
  const body = c.body ? c.body.data.repeat(c.body.repeat) : undefined;
  const answer = await call(gateway.url, { method: c.method, path: `${c.path}${queryString(c.query)}`, headers, ...(body !== undefined ? { body } : {}), timeoutMs: BOUND_MS });
  return judgeAnswer(c, answer);
}
