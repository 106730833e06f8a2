import { request } from 'node:https';

/** GETs `url` over https trusting only `caPem` (the emulator's self-signed certificate), with a bearer token. */
export function fetchWithCa(url: string, caPem: string | null, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: caPem ?? undefined, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 400) reject(new Error(`GET ${new URL(url).pathname} answered ${String(res.statusCode)}: ${body.slice(0, 200)}`));
        else resolve(body);
      });
    });
    req.on('error', reject);
    req.end();
  });
}
