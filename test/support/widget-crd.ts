/** The custom resource the CRD tests create with kubectl: `widgets.example.com`, namespaced, one version. */

/** The CustomResourceDefinition manifest, as `kubectl apply -f` reads it. */
export const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget }
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } } }]
`;

/** A Widget named `name` in `default`, as JSON for `kubectl create -f -`. */
export function widgetJson(name: string): string {
  return JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: 'default' }, spec: { size: 1 } });
}
