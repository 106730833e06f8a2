/** `useRecording`: fetches an asciicast recording's text with the audit token. */
import { useEffect, useState } from 'react';
import { useTokenRelay, type TokenProvider } from '@kubevision/kit';
import { auditFetch, auditUrl, recordingUrl } from './audit-api.js';

/** Where a recording comes from: a session id on the gateway, or any URL. */
export interface RecordingSource {
  /** A terminal session id; the recording is fetched from the audit API. */
  id?: string;
  /** A recording URL, used when no `id` is given (relative URLs resolve against `baseUrl`). */
  src?: string;
  /** The gateway's base URL; default the page's origin. */
  baseUrl?: string;
  /** Supplies the Bearer token; without it `src` is fetched with no Authorization header. */
  getToken?: TokenProvider;
}

/** The recording's asciicast text, or the error that stopped it. */
export type RecordingState = { status: 'loading' } | { status: 'ready'; text: string } | { status: 'error'; error: Error };

/**
 * Fetches the recording once per source. The player gets the text rather than a URL so that the
 * token travels in a header, never in a URL that logs or history could keep.
 */
export function useRecording({ id, src, baseUrl, getToken: tokenProp }: RecordingSource): RecordingState {
  const getToken = useTokenRelay(tokenProp);
  const url = id ? recordingUrl({ baseUrl }, id) : src ? auditUrl({ baseUrl }, src) : null;
  const [state, setState] = useState<{ url: string | null; value: RecordingState }>({ url: null, value: { status: 'loading' } });

  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    auditFetch({ baseUrl, getToken }, url, controller.signal)
      .then((response) => response.text())
      .then(
        (text) => {
          if (!controller.signal.aborted) setState({ url, value: { status: 'ready', text } });
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          setState({ url, value: { status: 'error', error: e instanceof Error ? e : new Error(String(e)) } });
        },
      );
    return () => controller.abort();
  }, [url, baseUrl, getToken]);

  if (!url) return { status: 'error', error: new Error('RecordingPlayer needs an id or a src') };
  // A state left from the previous source means the new one is still loading.
  return state.url === url ? state.value : { status: 'loading' };
}
