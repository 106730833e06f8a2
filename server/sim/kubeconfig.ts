/** The kubeconfig that points kubectl and client-node at the emulator: one context per cluster. */

/**
 * Renders a kubeconfig (JSON is valid YAML) with a context, cluster and user per emulated cluster;
 * `caPem` is the serving certificate for an https base URL.
 */
export function renderKubeconfig(baseUrl: string, clusters: readonly string[], token: string, caPem: string | null, current?: string): string {
  const tls = caPem ? { 'certificate-authority-data': Buffer.from(caPem).toString('base64') } : {};
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': current ?? clusters[0] ?? '',
    clusters: clusters.map((name) => ({ name, cluster: { server: `${baseUrl}/clusters/${encodeURIComponent(name)}`, ...tls } })),
    users: clusters.map((name) => ({ name: `${name}-admin`, user: { token } })),
    contexts: clusters.map((name) => ({ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } })),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
