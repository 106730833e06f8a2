/**
 * Name rules of Kubernetes (DNS-1123) and of the gateway's path segments, shared by the kit and the
 * gateway so that a name the kit accepts is exactly a name the gateway accepts.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A plural (a DNS-1123 label starting with a letter), optionally `.group` (a DNS-1123 subdomain), as a CRD names it. */
const RESOURCE = /^[a-z]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CLUSTER = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;

/** The length rule every name shares: not empty, at most `max` characters. */
function lengthError(value: string, max: number): string | null {
  if (value.length === 0) return 'must not be empty';
  return value.length > max ? `must be no more than ${max} characters` : null;
}

/** Why `value` is not a DNS-1123 label (namespaces, containers), or null when it is one. */
export function dns1123LabelError(value: string): string | null {
  const length = lengthError(value, 63);
  if (length) return length;
  if (!DNS1123_LABEL.test(value)) {
    return "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  }
  return null;
}

/** Why `value` is not a DNS-1123 subdomain (pods and most object names), or null when it is one. */
export function dns1123SubdomainError(value: string): string | null {
  const length = lengthError(value, 253);
  if (length) return length;
  for (const label of value.split('.')) {
    if (!DNS1123_LABEL.test(label)) {
      return "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    }
  }
  return null;
}

/** Why `value` cannot be a cluster (kubeconfig context) name in a URL path, or null when it can. */
export function clusterNameError(value: string): string | null {
  const length = lengthError(value, 253);
  if (length) return length;
  if (!CLUSTER.test(value)) return "must consist of letters, digits, '.', '_', ':', '@' or '-'";
  return null;
}

/** Why `value` is not a plural resource name such as `pods` or `deployments.apps`, or null. `*` is not a name. */
export function resourceNameError(value: string): string | null {
  const length = lengthError(value, 253);
  if (length) return length;
  if (!RESOURCE.test(value)) return 'must be a lower case plural resource name such as "pods"';
  return null;
}
