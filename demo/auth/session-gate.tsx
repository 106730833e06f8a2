/**
 * Shows its children only to a signed-in user, and the login page otherwise. Under `npm run dev`
 * the first visit signs in as the dev admin by itself (unless it is an OIDC callback); after a sign-out
 * the login page offers it.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { LoginPage } from './login-page.js';
import { isOidcCallback } from './oidc-flow.js';
import { OidcButtons, useOidcCallback } from './oidc-sign-in.js';
import { currentSession, signIn, useSession, type Session } from './session.js';

/** Renders `children(session)` once someone is signed in. */
export function SessionGate({ children }: { children: (session: Session) => ReactNode }): ReactNode {
  const session = useSession();
  const oidc = useOidcCallback();
  // An issuer's callback signs in as its user; the dev admin must not win that race.
  const [devSignIn, setDevSignIn] = useState(() => import.meta.env.DEV && currentSession() === null && !isOidcCallback());

  useEffect(() => {
    if (!import.meta.env.DEV || !devSignIn) return;
    let cancelled = false;
    import('./dev-session.js')
      .then(({ devSession }) => devSession())
      .then((found) => found && !cancelled && signIn(found))
      .catch((e: unknown) => console.warn('dev sign-in failed', e))
      .finally(() => !cancelled && setDevSignIn(false));
    return () => {
      cancelled = true;
    };
  }, [devSignIn]);

  if (session) return children(session);
  if (oidc.pending) return <p className="demo-splash" role="status">Signing in…</p>;
  // Every dev branch tests import.meta.env.DEV itself, so a production build drops it entirely.
  if (import.meta.env.DEV && devSignIn) return <p className="demo-splash" role="status">Signing in as the dev admin…</p>;
  return (
    <LoginPage>
      <OidcButtons error={oidc.error} />
      {import.meta.env.DEV && (
        <button type="button" className="demo-button" onClick={() => setDevSignIn(true)}>
          Sign in as the dev admin
        </button>
      )}
    </LoginPage>
  );
}
