/**
 * A small in-test fake of the gateway's `/api/v1/ws/watch` endpoint (DESIGN §5) on a real `ws` server:
 * it holds objects per cluster and resource, answers a subscribe with the matching objects as ADDED
 * then one SYNCED, sends each live event once per connection to the connections that have at least one
 * matching subscription, and lets a test change objects silently (as if the change happened while the
 * client was disconnected), drop or close connections and send arbitrary frames.
 */
import { parseLabelSelector } from '../../src/core/label-selector.ts';
import {
  Paths,
  parseWatchClientMessage,
  watchKeyId,
  type KubeObject,
  type WatchClientMessage,
  type WatchEventType,
  type WatchKey,
  type WatchServerMessage,
} from '../../src/core/protocol.ts';
import { startWsServer, type TestConnection, type TestWsServer } from './ws-server.ts';

/** One accepted watch connection with its subscriptions and the traffic both ways. */
export interface WatchConnection {
  readonly conn: TestConnection;
  /** Subscriptions currently active, by {@link watchKeyId}. */
  readonly subscriptions: Map<string, WatchKey>;
  /** Every valid message the client sent, in order. */
  readonly messages: WatchClientMessage[];
  /** Every frame the server sent on this connection, in order. */
  readonly sent: (string | Buffer)[];
}

/** Answer to a subscribe the server refuses: an ERROR instead of a snapshot. */
export interface SubscribeRefusal {
  code: number;
  message: string;
}

/** Options of {@link startWatchServer}. */
export interface WatchServerOptions {
  /** Return a refusal to answer that subscribe with an ERROR (RBAC, unknown resource, ...). */
  refuse?: (key: WatchKey) => SubscribeRefusal | null;
}

/** The fake gateway watch endpoint. */
export interface WatchServer {
  readonly ws: TestWsServer;
  readonly httpUrl: string;
  /** Every connection ever accepted on the watch path, in order. */
  readonly connections: WatchConnection[];
  /** Connections still open. */
  open(): WatchConnection[];
  /** Every message of `action` received on any connection. */
  received(action?: WatchClientMessage['action']): WatchClientMessage[];
  /** Creates or replaces an object and sends ADDED / MODIFIED to the interested connections. */
  put(cluster: string, resource: string, object: KubeObject): void;
  /** Deletes an object (by namespace and name) and sends DELETED to the interested connections. */
  remove(cluster: string, resource: string, namespace: string | undefined, name: string): void;
  /** Creates or replaces an object without telling anyone. */
  putSilently(cluster: string, resource: string, object: KubeObject): void;
  /** Deletes an object without telling anyone. */
  removeSilently(cluster: string, resource: string, namespace: string | undefined, name: string): void;
  /** The objects held for a cluster and resource. */
  objects(cluster: string, resource: string): KubeObject[];
  /** Sends one ERROR frame about `key` to every open connection. */
  sendError(key: WatchKey, code: number, message: string): void;
  /** Sends a frame as is (text or binary) to every open connection. */
  sendRaw(data: string | Buffer): void;
  /** While held, SYNCED frames are kept back (the ADDED snapshot still goes out) until released. */
  holdSynced(): void;
  /** Sends every SYNCED kept back and stops holding them. */
  releaseSynced(): void;
  /** Cuts every open connection without a close frame (the client sees 1006). */
  dropAll(): void;
  /** Closes every open connection with this code and reason. */
  closeAll(code: number, reason?: string): void;
  close(): Promise<void>;
}

function storeKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function objectStoreKey(object: KubeObject): string {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') throw new Error('watch-server objects need metadata.name');
  return storeKey(object.metadata?.namespace, name);
}

/** True when `object` of `cluster`/`resource` belongs to the subscription `key`. */
export function keyMatches(key: WatchKey, cluster: string, resource: string, object: KubeObject): boolean {
  if (key.cluster !== cluster) return false;
  if (key.resource !== '*' && key.resource !== resource) return false;
  const ns = object.metadata?.namespace;
  if (key.namespace !== '' && ns !== undefined && ns !== '' && ns !== key.namespace) return false;
  if (!key.labelSelector) return true;
  const selector = parseLabelSelector(key.labelSelector);
  if (!selector.ok) return false;
  return selector.value.matches(object.metadata?.labels);
}

/** Starts the fake watch endpoint on a random loopback port. */
export async function startWatchServer(options: WatchServerOptions = {}): Promise<WatchServer> {
  /** cluster -> resource -> "namespace/name" -> object */
  const store = new Map<string, Map<string, Map<string, KubeObject>>>();
  const connections: WatchConnection[] = [];
  /** SYNCED frames kept back while holding; null when not holding. */
  let heldSynced: { c: WatchConnection; message: WatchServerMessage }[] | null = null;

  function resources(cluster: string): Map<string, Map<string, KubeObject>> {
    let byResource = store.get(cluster);
    if (!byResource) {
      byResource = new Map();
      store.set(cluster, byResource);
    }
    return byResource;
  }

  function bucket(cluster: string, resource: string): Map<string, KubeObject> {
    const byResource = resources(cluster);
    let objects = byResource.get(resource);
    if (!objects) {
      objects = new Map();
      byResource.set(resource, objects);
    }
    return objects;
  }

  function isOpen(c: WatchConnection): boolean {
    return c.conn.socket.readyState === c.conn.socket.OPEN;
  }

  function send(c: WatchConnection, data: string | Buffer): void {
    if (!isOpen(c)) return;
    c.sent.push(data);
    c.conn.socket.send(data, { binary: typeof data !== 'string' });
  }

  function sendMessage(c: WatchConnection, message: WatchServerMessage): void {
    send(c, JSON.stringify(message));
  }

  /** Sends an event once to every connection with a subscription that matches any of `objects`. */
  function broadcast(type: WatchEventType, cluster: string, resource: string, object: KubeObject, previous?: KubeObject): void {
    for (const c of connections) {
      if (!isOpen(c)) continue;
      const interested = [...c.subscriptions.values()].some(
        (key) => keyMatches(key, cluster, resource, object) || (previous !== undefined && keyMatches(key, cluster, resource, previous)),
      );
      if (interested) sendMessage(c, { type, cluster, resource, object });
    }
  }

  function snapshot(c: WatchConnection, key: WatchKey): void {
    const byResource = resources(key.cluster);
    const names = key.resource === '*' ? [...byResource.keys()] : [key.resource];
    for (const resource of names) {
      for (const object of byResource.get(resource)?.values() ?? []) {
        if (keyMatches(key, key.cluster, resource, object)) sendMessage(c, { type: 'ADDED', cluster: key.cluster, resource, object });
      }
    }
    const synced: WatchServerMessage = { type: 'SYNCED', ...key };
    if (heldSynced) heldSynced.push({ c, message: synced });
    else sendMessage(c, synced);
  }

  function onMessage(c: WatchConnection, data: string | Buffer): void {
    if (typeof data !== 'string') {
      sendMessage(c, { type: 'ERROR', code: 400, message: 'binary frames are not accepted' });
      return;
    }
    const parsed = parseWatchClientMessage(data);
    if (!parsed.ok) {
      sendMessage(c, { type: 'ERROR', code: 400, message: parsed.error });
      return;
    }
    const message = parsed.value;
    c.messages.push(message);
    const { action, ...key } = message;
    const id = watchKeyId(key);
    if (action === 'unsubscribe') {
      c.subscriptions.delete(id);
      return;
    }
    const refusal = options.refuse?.(key) ?? null;
    if (refusal) {
      sendMessage(c, { type: 'ERROR', ...key, code: refusal.code, message: refusal.message });
      return;
    }
    c.subscriptions.set(id, key);
    snapshot(c, key);
  }

  const ws = await startWsServer((conn) => {
    if (conn.url.pathname !== Paths.watch) {
      conn.socket.close(4404, 'not found');
      return;
    }
    const c: WatchConnection = { conn, subscriptions: new Map(), messages: [], sent: [] };
    connections.push(c);
    conn.socket.on('message', (data, isBinary) => onMessage(c, isBinary ? Buffer.from(data as Buffer) : data.toString()));
  });

  function putObject(cluster: string, resource: string, object: KubeObject, silent: boolean): void {
    const objects = bucket(cluster, resource);
    const key = objectStoreKey(object);
    const previous = objects.get(key);
    objects.set(key, object);
    if (!silent) broadcast(previous ? 'MODIFIED' : 'ADDED', cluster, resource, object, previous);
  }

  function removeObject(cluster: string, resource: string, namespace: string | undefined, name: string, silent: boolean): void {
    const objects = bucket(cluster, resource);
    const key = storeKey(namespace, name);
    const previous = objects.get(key);
    if (!previous) throw new Error(`watch-server: no ${resource} ${key} in ${cluster}`);
    objects.delete(key);
    if (!silent) broadcast('DELETED', cluster, resource, previous);
  }

  return {
    ws,
    httpUrl: ws.httpUrl,
    connections,
    open: () => connections.filter(isOpen),
    received: (action) => connections.flatMap((c) => c.messages).filter((m) => action === undefined || m.action === action),
    put: (cluster, resource, object) => putObject(cluster, resource, object, false),
    remove: (cluster, resource, namespace, name) => removeObject(cluster, resource, namespace, name, false),
    putSilently: (cluster, resource, object) => putObject(cluster, resource, object, true),
    removeSilently: (cluster, resource, namespace, name) => removeObject(cluster, resource, namespace, name, true),
    objects: (cluster, resource) => [...bucket(cluster, resource).values()],
    sendError(key, code, message) {
      for (const c of connections) sendMessage(c, { type: 'ERROR', ...key, code, message });
    },
    sendRaw(data) {
      for (const c of connections) send(c, data);
    },
    holdSynced() {
      heldSynced ??= [];
    },
    releaseSynced() {
      const held = heldSynced ?? [];
      heldSynced = null;
      for (const { c, message } of held) sendMessage(c, message);
    },
    dropAll() {
      for (const c of connections) c.conn.socket.terminate();
    },
    closeAll(code, reason = '') {
      for (const c of connections) if (isOpen(c)) c.conn.socket.close(code, reason);
    },
    close: () => ws.close(),
  };
}
