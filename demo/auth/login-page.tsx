/** The login page for a gateway with configured users (`POST /api/v1/auth/login`). */
import { useState, type FormEvent, type ReactNode } from 'react';
import { login } from '../api.js';
import { signIn } from './session.js';

/** Username and password form; on success the session is stored and the dashboard appears. */
export function LoginPage({ children }: { children?: ReactNode }): ReactNode {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signIn(await login(username, password));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  return (
    <main className="demo-login">
      <form className="demo-card demo-login__form" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">KubeVision</h1>
        <label>
          Username
          <input className="demo-input" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          Password
          <input className="demo-input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="demo-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="demo-button demo-button--primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {children}
      </form>
    </main>
  );
}
