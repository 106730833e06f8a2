/**
 * Single log lines in the formats real containers write: runtime-specific text, structured JSON,
 * ANSI-coloured console output, HTTP access lines, lines in many scripts, and the occasional line of
 * several kilobytes. Each takes the event's instant so the application's own timestamps agree with
 * the runtime's.
 */
import type { Prng } from './prng.js';
import type { Profile } from './profile.js';
import type { Instant } from './timestamp.js';
import { HOSTS, MESSAGES, METHODS, PATHS, STATUSES, UNICODE_MESSAGES, USER_AGENTS } from './vocab.js';

/** Severity of a line. */
export type Level = 'info' | 'debug' | 'warn' | 'error';

/** Mostly INFO, some DEBUG and WARN, a few ERROR. */
export function pickLevel(rng: Prng): Level {
  const r = rng.next();
  return r < 0.72 ? 'info' : r < 0.84 ? 'debug' : r < 0.95 ? 'warn' : 'error';
}

/** Fills the `{n}`, `{ms}`, `{id}`, `{host}` and `{hash}` holes of a template. */
export function fill(template: string, rng: Prng): string {
  return template.replace(/\{(n|ms|id|host|hash)\}/g, (_, hole: string) => {
    if (hole === 'n') return String(rng.int(1, 99_999));
    if (hole === 'ms') return String(rng.int(1, 2400));
    if (hole === 'id') return `ord-${rng.hex(8)}`;
    return hole === 'host' ? rng.pick(HOSTS) : rng.hex(8);
  });
}

/** A request path with its holes filled (numeric ids in paths, unlike order ids in messages). */
function requestPath(rng: Prng): string {
  return fill(rng.pick(PATHS).replace('{id}', String(rng.int(1, 9999))), rng);
}

const isoMs = (at: Instant): string => new Date(Math.floor(at.us / 1000)).toISOString();

/** An ordinary line in the runtime's usual text format. */
export function textLine(p: Profile, rng: Prng, at: Instant, level: Level, message: string): string {
  const iso = isoMs(at);
  const upper = level.toUpperCase();
  switch (p.runtime) {
    case 'go':
      return `time="${iso.slice(0, 19)}Z" level=${level === 'warn' ? 'warning' : level} msg="${message.replaceAll('"', '\\"')}" app=${p.app}`;
    case 'java':
      return `${iso.slice(0, 10)} ${iso.slice(11, 23)} ${upper.padStart(5)} 1 --- [nio-${p.port}-exec-${rng.int(1, 10)}] c.e.${p.app.replaceAll('-', '')}.Service${' '.repeat(8)}: ${message}`;
    case 'node':
      return `[${iso.slice(11, 23)}] ${upper} (${p.app}/${rng.int(1, 9)}): ${message}`;
    case 'python':
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)} ${upper} [${p.app.replaceAll('-', '_')}.worker] ${message}`;
  }
}

/** A structured line, one JSON object, as zap/pino/logback-json write them. */
export function jsonLine(p: Profile, rng: Prng, at: Instant, level: Level): string {
  const record: Record<string, unknown> = { level, ts: isoMs(at), logger: p.app, msg: fill(rng.pick(MESSAGES[level]), rng) };
  if (rng.chance(0.6)) {
    Object.assign(record, {
      method: rng.pick(METHODS),
      path: requestPath(rng),
      status: rng.pick(STATUSES),
      duration_ms: Math.round(rng.next() * 25_000) / 100,
    });
  }
  record.trace_id = rng.hex(32);
  return JSON.stringify(record);
}

const COLOURS: Readonly<Record<Level, string>> = { info: '32', debug: '34', warn: '33', error: '1;31' };

/** Console output with colours left on (a TTY-less container whose logger forces colour). */
export function ansiLine(p: Profile, rng: Prng, at: Instant, level: Level): string {
  const message = fill(rng.pick(MESSAGES[level]), rng);
  const target = `${p.app.replaceAll('-', '_')}::${rng.pick(['http', 'db', 'cache', 'queue'])}`;
  const label = level.toUpperCase().padStart(5);
  return `\x1b[2m${isoMs(at)}\x1b[0m \x1b[${COLOURS[level]}m${label}\x1b[0m \x1b[2m${target}\x1b[0m\x1b[2m:\x1b[0m ${message} \x1b[38;5;208m${rng.int(1, 900)}ms\x1b[0m`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An access line: combined log format for services, envoy's format for proxies. */
export function accessLine(p: Profile, rng: Prng, at: Instant): string {
  const d = new Date(Math.floor(at.us / 1000));
  const method = rng.pick(METHODS);
  const path = requestPath(rng);
  const status = rng.pick(STATUSES);
  const bytes = status === 204 || status === 304 ? 0 : rng.int(120, 48_000);
  const client = `10.244.${rng.int(0, 3)}.${rng.int(2, 250)}`;
  const agent = rng.pick(USER_AGENTS);
  if (p.flavor === 'proxy') {
    const ms = rng.int(1, 900);
    return `[${isoMs(at)}] "${method} ${path} HTTP/1.1" ${status} - 0 ${bytes} ${ms} ${ms - 1 > 0 ? ms - 1 : 0} "${client}" "${agent}" "${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}" "${p.app}.${p.namespace}.svc:${p.port}" "10.244.${rng.int(0, 3)}.${rng.int(2, 250)}:${p.port}"`;
  }
  const day = String(d.getUTCDate()).padStart(2, '0');
  const clock = d.toISOString().slice(11, 19);
  return `${client} - - [${day}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${clock} +0000] "${method} ${path} HTTP/1.1" ${status} ${bytes} "-" "${agent}" ${(rng.int(1, 2500) / 1000).toFixed(3)}`;
}

/** A line whose message needs multi-byte UTF-8: accents, CJK, RTL scripts, emoji sequences. */
export function unicodeLine(p: Profile, rng: Prng, at: Instant): string {
  return textLine(p, rng, at, rng.chance(0.8) ? 'info' : 'warn', fill(rng.pick(UNICODE_MESSAGES), rng));
}

/** A line of 2 to 12 KB: a dumped payload, a huge SQL statement or a certificate blob. */
export function longLine(p: Profile, rng: Prng, at: Instant): string {
  const target = rng.int(2048, 12_288);
  const parts: string[] = [];
  let size = 0;
  const variant = rng.int(0, 2);
  while (size < target) {
    const part =
      variant === 0
        ? JSON.stringify({ id: rng.int(1, 999_999), sku: `SKU-${rng.hex(6).toUpperCase()}`, name: rng.pick(['Chaussure été', 'T-shirt', '抹茶ラテ', 'Café 250g']), price: rng.int(99, 99_999) / 100 })
        : variant === 1
          ? String(rng.int(1, 9_999_999))
          : rng.hex(64).replace(/[0-9]/g, (c) => 'QWERTYUIOP'[Number(c)] ?? c);
    parts.push(part);
    size += Buffer.byteLength(part) + 1;
  }
  if (variant === 0) return textLine(p, rng, at, 'debug', `response body: {"items":[${parts.join(',')}],"total":${parts.length}}`);
  if (variant === 1) return textLine(p, rng, at, 'warn', `slow query (${rng.int(1000, 9000)}ms): SELECT id, sku, price FROM products WHERE id IN (${parts.join(', ')})`);
  return textLine(p, rng, at, 'info', `loaded CA bundle: MIIF${parts.join('')}==`);
}
