import { describe, expect, it } from 'vitest';
import { originAllowed } from '../../server/http/origin.ts';

describe('originAllowed (DESIGN §3)', () => {
  it('lets requests without an Origin through (non-browser clients still need a token)', () => {
    expect(originAllowed(undefined, 'gw:8080', [], true)).toBe(true);
  });

  it('allows loopback origins on any port in dev, and nothing else foreign', () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080']) expect(originAllowed(origin, 'gw:8080', [], false)).toBe(true);
    expect(originAllowed('https://evil.example', 'gw:8080', [], false)).toBe(false);
  });

  it('allows only the same origin in production by default', () => {
    expect(originAllowed('https://gw:8080', 'gw:8080', [], true)).toBe(true);
    expect(originAllowed('http://localhost:5173', 'gw:8080', [], true)).toBe(false);
  });

  it('uses the configured list exactly when there is one', () => {
    const allowed = ['https://dash.example.com/'];
    expect(originAllowed('https://dash.example.com', 'gw:8080', allowed, true)).toBe(true);
    expect(originAllowed('https://dash.example.com.evil.example', 'gw:8080', allowed, true)).toBe(false);
    expect(originAllowed('https://gw:8080', 'gw:8080', allowed, false)).toBe(false);
    expect(originAllowed('not a url', 'gw:8080', allowed, false)).toBe(false);
  });
});
