/** The identities a gateway can use towards a cluster (`clusterAuth` in the config). */

/**
 * `service-account`: the gateway's own credentials, its roles alone decide (the default);
 * `impersonate`: the gateway's credentials plus Impersonate-User/Group, so the cluster's RBAC decides;
 * `passthrough`: the user's own bearer token for that cluster.
 */
export const CLUSTER_AUTH_MODES = ['service-account', 'impersonate', 'passthrough'] as const;

/** One of {@link CLUSTER_AUTH_MODES}. */
export type ClusterAuthMode = (typeof CLUSTER_AUTH_MODES)[number];
