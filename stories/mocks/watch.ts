/**
 * The watch endpoint (DESIGN §5) of the fake gateway: answers each subscribe with the snapshot as
 * ADDED events and one SYNCED, or with an ERROR, and lets a play function push live events.
 */
import {
  CloseCode,
  Paths,
  parseWatchClientMessage,
  watchKeyId,
  type KubeObject,
  type WatchError,
  type WatchEvent,
  type WatchKey,
  type WatchServerMessage,
  type WatchSynced,
} from '../../src/core/protocol.ts';
import { MockEndpoint, type AttemptOutcome, type MockClient } from './endpoint.ts';

/**
 * Any Kubernetes object as a story builds it (kubernetes-types' `Pod`, say). Those types declare no
 * index signature, so they are not `KubeObject`s to TypeScript, though every one is on the wire.
 */
export type StoryObject = { readonly metadata?: object };

/** What the mocked cluster answers to one subscription: its objects, or an ERROR code and message. */
export type WatchAnswer = readonly StoryObject[] | { readonly error: number; readonly message: string };

/** A watch event about a {@link StoryObject}. */
export type StoryWatchEvent = Omit<WatchEvent, 'object'> & { readonly object: StoryObject };

/** Options of {@link mockWatch}. */
export interface WatchMockOptions {
  /** The answer to each subscription; default no objects. */
  answer?: (key: WatchKey) => WatchAnswer;
  /** The outcome of connection attempt `n`; default every attempt is served. */
  attempt?: (n: number) => AttemptOutcome;
}

/** A mocked watch endpoint plus what a play function needs to drive it. */
export interface WatchMock {
  readonly endpoint: MockEndpoint;
  /** Sends a live event to every connection subscribed to a key that covers it. */
  emit(event: StoryWatchEvent): void;
}

function send(client: MockClient, message: WatchServerMessage): void {
  client.send(JSON.stringify(message));
}

function wire(event: StoryWatchEvent): WatchEvent {
  return { ...event, object: event.object as KubeObject };
}

function covers(key: WatchKey, event: WatchEvent): boolean {
  const ns = event.object.metadata?.namespace ?? '';
  return key.cluster === event.cluster && (key.resource === '*' || key.resource === event.resource) && (key.namespace === '' || key.namespace === ns);
}

/** A watch endpoint serving the snapshot the `answer` option gives for every subscription. */
export function mockWatch(options: WatchMockOptions = {}): WatchMock {
  const subscriptions = new Map<MockClient, Map<string, WatchKey>>();
  const endpoint = new MockEndpoint({
    path: Paths.watch,
    attempt: options.attempt,
    serve(client) {
      const keys = new Map<string, WatchKey>();
      subscriptions.set(client, keys);
      client.addEventListener('close', () => subscriptions.delete(client));
      client.addEventListener('message', (event) => {
        if (typeof event.data !== 'string') {
          client.close(CloseCode.BadRequest, 'binary frames are not part of the watch protocol');
          return;
        }
        const parsed = parseWatchClientMessage(event.data);
        if (!parsed.ok) {
          send(client, { type: 'ERROR', code: 400, message: parsed.error });
          return;
        }
        const { action, ...key } = parsed.value;
        if (action === 'unsubscribe') {
          keys.delete(watchKeyId(key));
          return;
        }
        const answer = options.answer?.(key) ?? [];
        if ('error' in answer) {
          const error: WatchError = { type: 'ERROR', ...key, code: answer.error, message: answer.message };
          send(client, error);
          return;
        }
        keys.set(watchKeyId(key), key);
        for (const object of answer) send(client, wire({ type: 'ADDED', cluster: key.cluster, resource: key.resource, object }));
        const synced: WatchSynced = { type: 'SYNCED', ...key };
        send(client, synced);
      });
    },
  });
  return {
    endpoint,
    emit(event) {
      const message = wire(event);
      for (const [client, keys] of subscriptions) {
        if ([...keys.values()].some((key) => covers(key, message))) send(client, message);
      }
    },
  };
}
