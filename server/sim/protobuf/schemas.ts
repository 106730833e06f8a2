/**
 * The field numbers of the Kubernetes types the emulator accepts as protobuf bodies (from their
 * generated.proto files): the ones kubectl's typed clients send in protobuf, namely `kubectl create
 * namespace|configmap|secret|serviceaccount|role|clusterrole|rolebinding|clusterrolebinding` and the
 * access and identity reviews of `kubectl auth can-i` and `kubectl auth whoami`.
 */

/** How one field is turned into JSON. */
export type FieldType = 'string' | 'int' | 'bool' | 'strings' | 'map' | 'bytesMap' | 'time' | { readonly message: Schema } | { readonly messages: Schema };

/** A message: field number to JSON name and type. */
export type Schema = Readonly<Record<number, readonly [string, FieldType]>>;

const OBJECT_META: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int'],
  8: ['creationTimestamp', 'time'],
  11: ['labels', 'map'],
  12: ['annotations', 'map'],
  14: ['finalizers', 'strings'],
};

const META: readonly [string, FieldType] = ['metadata', { message: OBJECT_META }];

const POLICY_RULE: Schema = { 1: ['verbs', 'strings'], 2: ['apiGroups', 'strings'], 3: ['resources', 'strings'], 4: ['resourceNames', 'strings'], 5: ['nonResourceURLs', 'strings'] };
const SUBJECT: Schema = { 1: ['kind', 'string'], 2: ['apiGroup', 'string'], 3: ['name', 'string'], 4: ['namespace', 'string'] };
const ROLE_REF: Schema = { 1: ['apiGroup', 'string'], 2: ['kind', 'string'], 3: ['name', 'string'] };
const LABEL_SELECTOR: Schema = { 1: ['matchLabels', 'map'] };
const ROLE: Schema = { 1: META, 2: ['rules', { messages: POLICY_RULE }] };
const BINDING: Schema = { 1: META, 2: ['subjects', { messages: SUBJECT }], 3: ['roleRef', { message: ROLE_REF }] };

const RESOURCE_ATTRIBUTES: Schema = {
  1: ['namespace', 'string'],
  2: ['verb', 'string'],
  3: ['group', 'string'],
  4: ['version', 'string'],
  5: ['resource', 'string'],
  6: ['subresource', 'string'],
  7: ['name', 'string'],
};
const NON_RESOURCE_ATTRIBUTES: Schema = { 1: ['path', 'string'], 2: ['verb', 'string'] };
const ACCESS_SPEC: Schema = { 1: ['resourceAttributes', { message: RESOURCE_ATTRIBUTES }], 2: ['nonResourceAttributes', { message: NON_RESOURCE_ATTRIBUTES }] };
const SUBJECT_ACCESS_SPEC: Schema = { ...ACCESS_SPEC, 3: ['user', 'string'], 4: ['groups', 'strings'], 6: ['uid', 'string'] };

/** The schemas by `apiVersion/kind`. */
export const SCHEMAS: ReadonlyMap<string, Schema> = new Map<string, Schema>([
  ['v1/Namespace', { 1: META, 2: ['spec', { message: { 1: ['finalizers', 'strings'] } }] }],
  ['v1/ConfigMap', { 1: META, 2: ['data', 'map'], 3: ['binaryData', 'bytesMap'], 4: ['immutable', 'bool'] }],
  ['v1/Secret', { 1: META, 2: ['data', 'bytesMap'], 3: ['type', 'string'], 4: ['stringData', 'map'], 5: ['immutable', 'bool'] }],
  ['v1/ServiceAccount', { 1: META }],
  ['rbac.authorization.k8s.io/v1/Role', ROLE],
  ['rbac.authorization.k8s.io/v1/ClusterRole', { ...ROLE, 3: ['aggregationRule', { message: { 1: ['clusterRoleSelectors', { messages: LABEL_SELECTOR }] } }] }],
  ['rbac.authorization.k8s.io/v1/RoleBinding', BINDING],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', BINDING],
  ['authorization.k8s.io/v1/SelfSubjectAccessReview', { 1: META, 2: ['spec', { message: ACCESS_SPEC }] }],
  ['authorization.k8s.io/v1/SelfSubjectRulesReview', { 1: META, 2: ['spec', { message: { 1: ['namespace', 'string'] } }] }],
  ['authorization.k8s.io/v1/SubjectAccessReview', { 1: META, 2: ['spec', { message: SUBJECT_ACCESS_SPEC }] }],
  ['authorization.k8s.io/v1/LocalSubjectAccessReview', { 1: META, 2: ['spec', { message: SUBJECT_ACCESS_SPEC }] }],
  ['authentication.k8s.io/v1/SelfSubjectReview', { 1: META }],
]);
