/**
 * Who is signed in: the access token and user, kept in memory and, after a password login, in
 * sessionStorage (so a reload keeps the session, a new tab or a closed browser does not).
 * Components read it with useSession.
 */
import { useSyncExternalStore } from 'react';
import type { TokenProvider } from '@kubevision/kit/core';

/** The gateway's roles, weakest first (DESIGN §8). */
export type Role = 'viewer' | 'operator' | 'admin';

/** A signed-in user. */
export interface Session {
  readonly token: string;
  readonly user: { readonly name: string; readonly role: Role };
  /** RFC3339; null for the dev admin token, which lives as long as the dev server. */
  readonly expiresAt: string | null;
}

const STORAGE_KEY = 'kubevision-demo-session';
const RANKS: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const listeners = new Set<() => void>();

function isSession(v: unknown): v is Session {
  const s = v as Partial<Session> | null;
  return typeof s?.token === 'string' && typeof s.user?.name === 'string' && typeof s.user.role === 'string' && s.user.role in RANKS;
}

function load(): Session | null {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (!isSession(parsed)) return null;
    return parsed.expiresAt !== null && Date.parse(parsed.expiresAt) <= Date.now() ? null : parsed;
  } catch {
    return null;
  }
}

let current: Session | null = load();

function publish(next: Session | null): void {
  current = next;
  // The dev admin token dies with the dev server; the next page load asks the dev server afresh.
  if (next && next.expiresAt !== null) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener();
}

/** Stores a new session (after login or the dev sign-in). */
export function signIn(session: Session): void {
  publish(session);
}

/** Forgets the session: the app shows the login page again. */
export function signOut(): void {
  publish(null);
}

/** The current session, for token providers outside React. */
export function currentSession(): Session | null {
  return current;
}

/**
 * The token function every kit component gets. The demo cannot renew a token, so when the gateway
 * refuses it (`forceRefresh`) the user is signed out and sees the login page.
 */
export const getToken: TokenProvider = ({ forceRefresh }) => {
  if (forceRefresh && current) signOut();
  return current?.token ?? null;
};

/** The current session; re-renders on sign-in and sign-out. */
export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/** True when `role` is at least `minimum`. */
export function hasRole(session: Session | null, minimum: Role): boolean {
  return session !== null && RANKS[session.user.role] >= RANKS[minimum];
}
