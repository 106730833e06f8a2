/**
 * The gateway's REST API as the demo uses it (DESIGN §8): login, who am I, clusters, create and
 * delete. Calls carry the session's token as a Bearer header; a 401 means it is no longer valid.
 */
import { Paths, type ApiErrorBody, type KubeObject } from '@kubevision/kit/core';
// Type only: the wire shape of `GET /api/v1/auth/providers`, erased from the bundle.
import type { OidcProvider } from '../server/auth/oidc-verifier.js';
import { currentSession, signOut, type Role, type Session } from './auth/session.js';

/** A non-2xx answer, with the gateway's (or Kubernetes') message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One entry of `GET /api/v1/clusters`. */
export interface ClusterInfo {
  name: string;
  server: string;
  /** `ok`, `unreachable` or `error <status>`. */
  status: string;
}

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
  return new ApiError(response.status, body?.error?.message ?? `${response.status} ${response.statusText}`.trim());
}

async function request<T>(path: string, init: RequestInit = {}, token = currentSession()?.token): Promise<T> {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401 && token && token === currentSession()?.token) signOut();
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** The answer of both sign-ins, password and OpenID Connect. */
interface SignInAnswer {
  accessToken: string;
  expiresAt: string;
  user: { name: string; role: Role };
}

async function signInWith(path: string, body: object): Promise<Session> {
  const answer = await request<SignInAnswer>(path, { method: 'POST', body: JSON.stringify(body) }, undefined);
  return { token: answer.accessToken, user: answer.user, expiresAt: answer.expiresAt };
}

/** Signs in with a password (`POST /api/v1/auth/login`). */
export function login(username: string, password: string): Promise<Session> {
  return signInWith(Paths.login, { username, password });
}

/** The OpenID Connect issuers the login page offers; none when the gateway has none configured. */
export function listProviders(): Promise<OidcProvider[]> {
  return request<OidcProvider[]>('/api/v1/auth/providers', {}, undefined);
}

/** Exchanges an issuer's ID token for a session (`POST /api/v1/auth/oidc`); the gateway checks the nonce too. */
export function oidcSignIn(idToken: string, nonce: string): Promise<Session> {
  return signInWith('/api/v1/auth/oidc', { idToken, nonce });
}

/** The user behind `token` (`GET /api/v1/auth/me`). */
export async function whoAmI(token: string): Promise<Session['user']> {
  const body = await request<{ user: Session['user'] }>(Paths.me, {}, token);
  return body.user;
}

/** The clusters this user may see. */
export function listClusters(): Promise<ClusterInfo[]> {
  return request<ClusterInfo[]>(Paths.clusters);
}

function resourcePath(cluster: string, resource: string, namespace: string, name?: string): string {
  const segments = [cluster, resource, ...(name === undefined ? [] : [name])].map(encodeURIComponent).join('/');
  return `${Paths.clusters}/${segments}?${new URLSearchParams({ namespace })}`;
}

/** Creates an object (`POST /api/v1/clusters/:cluster/:resource?namespace=`). */
export function createObject<T extends object>(cluster: string, resource: string, namespace: string, object: T): Promise<T> {
  return request<T>(resourcePath(cluster, resource, namespace), { method: 'POST', body: JSON.stringify(object) });
}

/** Deletes an object (`DELETE /api/v1/clusters/:cluster/:resource/:name?namespace=`). */
export function deleteObject(cluster: string, resource: string, namespace: string, name: string): Promise<KubeObject> {
  return request<KubeObject>(resourcePath(cluster, resource, namespace, name), { method: 'DELETE' });
}
