/**
 * The REST side of one object (DESIGN §8) for the object stories: GET answers the stored version,
 * PUT replaces it only when it carries the current resourceVersion (409 Conflict otherwise, as an
 * API server does), and `useCan` is answered with a fixed yes or no.
 */
import { http, HttpResponse } from 'msw';
import type { KubeObject } from '../../src/core/protocol.ts';
import { errorResponse, hasMockToken, mockHttpUrl } from './gateway.ts';

/** A stored object the story and the page both change. */
export interface ObjectMock {
  /** The msw handlers: GET and PUT of the object, and `GET /api/v1/auth/can`. */
  readonly handlers: ReturnType<typeof http.get>[];
  /** The stored object now. */
  current(): KubeObject;
  /** Stores a change as another client would, with the next resourceVersion, and returns it. */
  change(edit: (object: KubeObject) => KubeObject): KubeObject;
  /** The resourceVersion every PUT carried, in order. */
  readonly putVersions: (string | undefined)[];
  /** Back to the initial object; a story's setup. */
  reset(): void;
}

/** Mocks `initial` at `/api/v1/clusters/:cluster/:resource/:name`; `mayUpdate` is the answer of useCan. */
export function mockObject(cluster: string, resource: string, initial: KubeObject, mayUpdate: boolean): ObjectMock {
  let stored = initial;
  const putVersions: (string | undefined)[] = [];
  const bump = (object: KubeObject): KubeObject => ({
    ...object,
    metadata: { ...object.metadata, resourceVersion: String(Number(stored.metadata?.resourceVersion ?? 0) + 1) },
  });
  const url = mockHttpUrl(`/api/v1/clusters/${cluster}/${resource}/${initial.metadata?.name}`);
  const handlers = [
    http.get(url, ({ request }) => (hasMockToken(request) ? HttpResponse.json(stored) : errorResponse(401, 'Unauthorized', 'missing or invalid token'))),
    http.put(url, async ({ request }) => {
      const object = (await request.json()) as KubeObject;
      putVersions.push(object.metadata?.resourceVersion);
      if (object.metadata?.resourceVersion !== stored.metadata?.resourceVersion) {
        return errorResponse(409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again');
      }
      stored = bump(object);
      return HttpResponse.json(stored);
    }),
    http.get(mockHttpUrl('/api/v1/auth/can'), () => HttpResponse.json({ allowed: mayUpdate })),
  ];
  return {
    handlers,
    current: () => stored,
    change(edit) {
      stored = bump(edit(stored));
      return stored;
    },
    putVersions,
    reset() {
      stored = initial;
      putVersions.length = 0;
    },
  };
}
