/**
 * The clusters the gateway serves: one per kubeconfig context, each with its own client-node
 * KubeConfig so that every API call goes to that context's server with its credentials.
 */
import { KubeConfig } from '@kubernetes/client-node';

/** One cluster as the gateway reaches it. */
export interface GatewayCluster {
  readonly name: string;
  /** The API server URL (shown in `GET /api/v1/clusters`). */
  readonly server: string;
  /** A KubeConfig whose current context is this cluster. */
  readonly kubeConfig: KubeConfig;
}

/** The clusters by name. */
export class ClusterRegistry {
  private readonly byName = new Map<string, GatewayCluster>();

  /** One cluster per context of `kubeConfig`. */
  static fromKubeConfig(kubeConfig: KubeConfig): ClusterRegistry {
    const registry = new ClusterRegistry();
    for (const context of kubeConfig.getContexts()) {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: kubeConfig.getClusters(),
        users: kubeConfig.getUsers(),
        contexts: kubeConfig.getContexts(),
        currentContext: context.name,
      });
      const cluster = kubeConfig.getCluster(context.cluster);
      registry.byName.set(context.name, { name: context.name, server: cluster?.server ?? '', kubeConfig: kc });
    }
    return registry;
  }

  /** One cluster per context of a kubeconfig given as text (YAML or JSON). */
  static fromKubeconfigText(text: string): ClusterRegistry {
    const kc = new KubeConfig();
    kc.loadFromString(text);
    return ClusterRegistry.fromKubeConfig(kc);
  }

  /** The cluster named `name`, if configured. */
  get(name: string): GatewayCluster | undefined {
    return this.byName.get(name);
  }

  /** Every cluster, in kubeconfig order. */
  list(): GatewayCluster[] {
    return [...this.byName.values()];
  }
}
