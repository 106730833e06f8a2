/**
 * Name rules of Kubernetes (DNS-1123) and of the gateway's path segments, shared by the kit and the
 * gateway so that a name the kit accepts is exactly a name the gateway accepts.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RESOURCE = /^[a-z][a-z0-9]*(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CLUSTER = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;

/** Why `value` is not a DNS-1123 label (namespaces, containers), or null when it is one. */
export function dns1123LabelError(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(value)) {
    return "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  }
  return null;
}

/** Why `value` is not a DNS-1123 subdomain (pods and most object names), or null when it is one. */
export function dns1123SubdomainError(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253) return 'must be no more than 253 characters';
  for (const label of value.split('.')) {
    if (!DNS1123_LABEL.test(label)) {
      return "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    }
  }
  return null;
}

/** Why `value` cannot be a cluster (kubeconfig context) name in a URL path, or null when it can. */
export function clusterNameError(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253) return 'must be no more than 253 characters';
  if (!CLUSTER.test(value)) return "must consist of letters, digits, '.', '_', ':', '@' or '-'";
  return null;
}

/** Why `value` is not a plural resource name such as `pods` or `deployments.apps`, or null. `*` is not a name. */
export function resourceNameError(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253) return 'must be no more than 253 characters';
  if (!RESOURCE.test(value)) return 'must be a lower case plural resource name such as "pods"';
  return null;
}
