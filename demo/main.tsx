/** The demo's entry: the kit's styles, a QueryClient shared with the kit, the sign-in gate and the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { KubeVisionProvider } from '@kubevision/kit';
import '@kubevision/kit/styles.css';
import './styles.css';
import { App } from './app.js';
import { SessionGate } from './auth/session-gate.js';
import { getToken } from './auth/session.js';

const queryClient = new QueryClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionGate>
        {(session) => (
          // A new provider (and so new sockets) for every sign-in.
          <KubeVisionProvider key={session.token} getToken={getToken} queryClient={queryClient}>
            <App session={session} />
          </KubeVisionProvider>
        )}
      </SessionGate>
    </QueryClientProvider>
  </StrictMode>,
);
