/**
 * `@kubevision/kit/resource`: one Kubernetes object, live: `useResource` and `<ResourceView>` (YAML,
 * changes since opened, edits with conflict resolution, events). It builds on `@kubevision/kit` and
 * needs its `<KubeVisionProvider>` above it.
 */
export { useResource, type ResourceRef, type ResourceState } from './use-resource.js';
export { ResourceView, type ResourceViewProps } from './resource-view.js';
export { useObjectEvents, type ObjectEvent } from './use-object-events.js';
export { useObjectApi, type ObjectApi } from './object-api.js';
export { useObjectEdit, type EditConflict, type EditState, type ObjectEdit } from './use-object-edit.js';
export { objectYaml, MASK } from './object-yaml.js';
export { mergeRegions, mergedText, type ConflictChoice, type ConflictLines, type MergedLines, type MergeRegion } from './three-way-merge.js';
export { LineDiff, type LineDiffProps } from './line-diff.js';
