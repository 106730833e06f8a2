/**
 * `npm run gateway -- [--port 8080] [--host 127.0.0.1] [--kubeconfig PATH|default] [--sim] [--config FILE]
 * [--allowed-origin URL]... [--recordings DIR] [--tls-cert FILE --tls-key FILE] [--production]
 * [--metrics-port N [--metrics-host 127.0.0.1]] [--redis URL] [--database postgres://...]`
 * and `npm run gateway -- hash-password`. Without --kubeconfig the emulator runs in-process, even when
 * KUBECONFIG is set, so nobody exposes a real cluster by accident.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { buildGateway } from './app.js';
import { hashPassword } from './auth/passwords.js';
import { PostgresAuditIndex } from './recording/index.js';
import { redisAuthStores } from './store/redis-auth-stores.js';
import { tokenSecretFromEnv } from './auth/tokens.js';
import { defaultConfig, loadConfig } from './config.js';
import { ClusterRegistry } from './kube/clusters.js';
import { startEmulatedClusters } from './kube/emulated-clusters.js';
import type { Simulator } from './sim/simulator.js';

const USAGE = `usage: npm run gateway -- [--port 8080] [--host 127.0.0.1] [--kubeconfig PATH|default] [--sim]
       [--config FILE] [--allowed-origin URL]... [--recordings DIR] [--tls-cert FILE --tls-key FILE] [--production]
       [--metrics-port N [--metrics-host 127.0.0.1]]   (tokenless /metrics there; without it, /metrics needs an admin token)
       [--redis redis://HOST:6379]   (tickets, login limits and sign-outs shared by replicas; default KUBEVISION_REDIS_URL)
       [--database postgres://USER@HOST/DB]   (the audit index shared by replicas; default KUBEVISION_DATABASE_URL)
       npm run gateway -- hash-password
environment: KUBEVISION_ADMIN_TOKEN (an admin credential for scripts),
             KUBEVISION_TOKEN_SECRET (>= 32 characters: the token signing key shared by replicas),
             KUBEVISION_REDIS_URL (the default of --redis),
             KUBEVISION_DATABASE_URL (the default of --database)`;

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const line = await new Promise<string>((resolve) => rl.once('line', resolve).once('close', () => resolve('')));
  rl.close();
  return line;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      kubeconfig: { type: 'string' },
      sim: { type: 'boolean' },
      config: { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true },
      recordings: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      production: { type: 'boolean' },
      'metrics-port': { type: 'string' },
      'metrics-host': { type: 'string' },
      redis: { type: 'string' },
      database: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals[0] === 'hash-password') {
    const password = await readPassword();
    if (!password) throw new Error('no password given on standard input');
    console.log(await hashPassword(password));
    return;
  }
  if (positionals.length > 0) throw new Error(`unknown command "${positionals[0]}"\n${USAGE}`);
  if (!/^\d+$/.test(values.port)) throw new Error('--port must be a number');
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new Error('--tls-cert and --tls-key go together');
  if (values['metrics-port'] !== undefined && !/^\d+$/.test(values['metrics-port'])) throw new Error('--metrics-port must be a number');

  const config = values.config ? loadConfig(values.config) : defaultConfig();
  if (values['allowed-origin']) config.allowedOrigins = [...config.allowedOrigins, ...values['allowed-origin']];
  if (values.recordings) config.recording.dir = values.recordings;
  if (values['metrics-port'] !== undefined) config.metrics.port = Number(values['metrics-port']);
  if (values['metrics-host'] !== undefined) config.metrics.host = values['metrics-host'];
  const production = values.production === true || process.env.NODE_ENV === 'production';
  // One key for the process when none is given, so tokens and what Redis seals with it agree.
  const tokenSecret = tokenSecretFromEnv(process.env.KUBEVISION_TOKEN_SECRET) ?? randomBytes(32);
  const redisUrl = values.redis ?? (process.env.KUBEVISION_REDIS_URL || undefined);
  // The URL may hold a password: it is never printed.
  const authStores = redisUrl ? await redisAuthStores(redisUrl, (message) => console.warn(message), tokenSecret) : undefined;
  const databaseUrl = values.database ?? (process.env.KUBEVISION_DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('--database must be a postgres:// URL');
  // Without it the audit index stays the SQLite file in the recordings directory.
  const auditIndex = databaseUrl ? await PostgresAuditIndex.open(databaseUrl, (message) => console.warn(message)) : undefined;

  let sim: Simulator | null = null;
  let clusters: ClusterRegistry;
  if (values.kubeconfig && !values.sim) {
    const kc = new KubeConfig();
    if (values.kubeconfig === 'default') kc.loadFromDefault();
    else kc.loadFromFile(values.kubeconfig);
    clusters = ClusterRegistry.fromKubeConfig(kc);
  } else {
    ({ sim, clusters } = await startEmulatedClusters({ seed: 1 }));
  }
  const gateway = await buildGateway({
    config,
    clusters,
    production,
    adminToken: process.env.KUBEVISION_ADMIN_TOKEN || null,
    tokenSecret,
    ...(authStores ? { authStores } : {}),
    ...(auditIndex ? { auditIndex } : {}),
    ...(values['tls-cert'] && values['tls-key'] ? { https: { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) } } : {}),
  });
  const url = await gateway.listen(Number(values.port), values.host);
  console.log(`KubeVision gateway listening on ${url}`);
  if (gateway.metricsUrl) console.log(`KubeVision metrics on ${gateway.metricsUrl}`);
  const stop = (): void => {
    void gateway
      .close()
      .then(() => sim?.stop())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
