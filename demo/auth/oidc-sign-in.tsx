/**
 * The OpenID Connect part of the login page: a "Sign in with NAME" button for each issuer the
 * gateway advertises, and the callback handling when the issuer sends the browser back.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { listProviders } from '../api.js';
import { finishOidcSignIn, isOidcCallback, startOidcSignIn } from './oidc-flow.js';
import { signIn } from './session.js';

/** Whether this page load is finishing an OIDC sign-in, and why it failed if it did. */
export interface OidcCallback {
  pending: boolean;
  error: string | null;
}

/** Finishes the sign-in of a callback page load; the session appears through {@link signIn}. */
export function useOidcCallback(): OidcCallback {
  const [callback, setCallback] = useState<OidcCallback>(() => ({ pending: isOidcCallback(), error: null }));
  useEffect(() => {
    if (!callback.pending) return;
    let cancelled = false;
    finishOidcSignIn()
      .then((session) => {
        signIn(session);
        if (!cancelled) setCallback({ pending: false, error: null });
      })
      .catch((e: unknown) => !cancelled && setCallback({ pending: false, error: e instanceof Error ? e.message : String(e) }));
    return () => {
      cancelled = true;
    };
  }, [callback.pending]);
  return callback;
}

/** One button per advertised issuer, and the error of a failed callback. */
export function OidcButtons({ error }: { error: string | null }): ReactNode {
  const providers = useQuery({ queryKey: ['oidc-providers'], queryFn: listProviders, retry: false });
  const [startError, setStartError] = useState<string | null>(null);
  const shown = startError ?? error;
  return (
    <>
      {shown && (
        <p className="demo-error" role="alert">
          {shown}
        </p>
      )}
      {(providers.data ?? []).map((provider) => (
        <button
          key={provider.issuer}
          type="button"
          className="demo-button"
          onClick={() => void startOidcSignIn(provider).catch((e: unknown) => setStartError(e instanceof Error ? e.message : String(e)))}
        >
          Sign in with {provider.name}
        </button>
      ))}
    </>
  );
}
