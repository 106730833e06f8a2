/**
 * A throwaway PostgreSQL (Debian's `postgresql` package) on 127.0.0.1 in a temporary directory:
 * initdb with trust auth for the user `kv`, then pg_ctl. As root the cluster belongs to the
 * `postgres` account the package creates (the server refuses to run as root). Tests never skip: a
 * missing installation is an error that names the package.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server.ts';

/** A running PostgreSQL. */
export interface PostgresServer {
  /** `postgres://kv@127.0.0.1:PORT/postgres` (trust auth: no password). */
  url: string;
  /** Stops it (fast shutdown: clients are cut off); {@link PostgresServer.start} brings it back on the same port. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  remove(): Promise<void>;
}

/** The newest installed server's bin directory; throws naming the apt package when there is none. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((x, y) => Number(y) - Number(x))[0];
  if (newest === undefined) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql');
  return join(root, newest, 'bin');
}

/** Starts a new PostgreSQL cluster on a free loopback port. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'kv-postgres-'));
  const data = join(dir, 'data');
  const run = (tool: string, args: string[]): void => {
    const command = join(bin, tool);
    // stdio ignored: pg_ctl's server inherits the pipes otherwise and execFileSync would wait on them.
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'ignore', cwd: dir });
    else execFileSync(command, args, { stdio: 'ignore', cwd: dir });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  run('initdb', ['-D', data, '-U', 'kv', '--auth=trust', '--no-sync']);
  const port = await freePort();
  // The socket goes into the temporary directory too: nothing touches /var/run/postgresql.
  const start = async (): Promise<void> => run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', `-k ${dir} -h 127.0.0.1 -p ${port} -c fsync=off`, '-w', 'start']);
  const stop = async (): Promise<void> => {
    if (existsSync(join(data, 'postmaster.pid'))) run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  };
  await start();
  return {
    url: `postgres://kv@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async remove() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
