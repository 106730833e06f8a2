/**
 * A self-signed certificate for the emulator. kubectl sends a bearer token only over TLS (clientcmd
 * drops user credentials for plain http servers), so the emulator serves https with a certificate
 * made at start-up and puts it into the kubeconfig as the cluster's CA.
 */
import selfsigned from 'selfsigned';

/** PEM key and certificate. */
export interface ServingCertificate {
  key: string;
  cert: string;
}

/** A certificate for 127.0.0.1 and localhost, valid for a year, that is its own CA. */
export async function selfSignedCertificate(): Promise<ServingCertificate> {
  const now = Date.now();
  const generated = await selfsigned.generate([{ name: 'commonName', value: 'kubevision-sim' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 365 * 86400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { key: generated.private, cert: generated.cert };
}
