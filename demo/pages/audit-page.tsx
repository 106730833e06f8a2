/** Settings → Audit → Terminal sessions: the kit's session table and, for the chosen one, its player. */
import type { ReactNode } from 'react';
import { RecordingPlayer, TerminalSessions } from '@kubevision/kit/audit';
import { getToken, hasRole, type Session } from '../auth/session.js';
import { navigate } from '../router.js';

/** Props of {@link AuditPage}. */
export interface AuditPageProps {
  session: Session;
  /** The session whose recording is shown. */
  selected: string | null;
}

/** Recorded terminal sessions (admins only: the gateway answers 403 to anyone else). */
export function AuditPage({ session, selected }: AuditPageProps): ReactNode {
  return (
    <section className="demo-settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <nav className="demo-tabs" aria-label="Settings">
        <a href="#/settings/audit" aria-current="page">
          Audit
        </a>
      </nav>
      <h2>Terminal sessions</h2>
      {hasRole(session, 'admin') ? (
        <div className="demo-audit">
          <TerminalSessions getToken={getToken} selectedId={selected ?? undefined} onSelect={(s) => navigate({ page: 'audit', session: s.id })} />
          {selected && <RecordingPlayer key={selected} id={selected} getToken={getToken} autoPlay idleTimeLimit={1} label="Recording of the selected session" />}
        </div>
      ) : (
        <p className="demo-muted">The audit log is for admins.</p>
      )}
    </section>
  );
}
