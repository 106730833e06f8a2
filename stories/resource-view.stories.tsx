import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { MASK, ResourceView } from '@kubevision/kit/resource';
import type { KubeObject } from '../src/core/protocol.ts';
import { mockObject } from './mocks/objects.ts';
import { STORY_CLUSTER, STORY_NAMESPACE } from './mocks/pods.ts';
import { withMocks } from './mocks/story.ts';
import { mockWatch } from './mocks/watch.ts';

/** `<ResourceView>` of `@kubevision/kit/resource`: one object live, its changes, its events, edits that survive a concurrent change. */
const meta = {
  title: 'Resource/ResourceView',
  component: ResourceView,
} satisfies Meta<typeof ResourceView>;

export default meta;
type Story = StoryObj<typeof meta>;

const SLOW = { timeout: 10_000 };

const settings: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: STORY_NAMESPACE, uid: 'cm-settings', resourceVersion: '1' },
  data: { alpha: 'one', bravo: 'two', charlie: 'three', echo: 'five' },
};
const reloaded = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'settings.reloaded', namespace: STORY_NAMESPACE, uid: 'ev-1' },
  involvedObject: { kind: 'ConfigMap', name: 'settings', namespace: STORY_NAMESPACE, uid: 'cm-settings' },
  reason: 'Reloaded',
  message: 'the app read its new settings',
  type: 'Normal',
  lastTimestamp: '2026-01-01T00:00:00Z',
};

const store = mockObject(STORY_CLUSTER, 'configmaps', settings, true);
const watch = mockWatch({ answer: (key) => (key.resource === 'events' ? [reloaded] : key.resource === 'configmaps' ? [store.current()] : []) });
const modified = (object: KubeObject) => watch.emit({ type: 'MODIFIED', cluster: STORY_CLUSTER, resource: 'configmaps', object });
const withData = (data: Record<string, string>) => (object: KubeObject) => ({ ...object, data: { ...(object.data as object), ...data } });

/**
 * A config map changes live and the diff shows it; an edit started from version 2 loses the race to
 * a colleague's change (409), the non-overlapping change is merged, the conflict is kept as theirs,
 * and Save merged goes with the colleague's version.
 */
export const LiveEditWithConflict: Story = {
  args: { cluster: STORY_CLUSTER, namespace: STORY_NAMESPACE, resource: 'configmaps', name: 'settings' },
  ...withMocks({ watch: watch.endpoint.handler, object: store.handlers }, watch.endpoint.reset, store.reset),
  play: async ({ canvas }) => {
    const yaml = await canvas.findByLabelText('YAML', {}, SLOW);
    expect(yaml).toHaveTextContent('alpha: one');
    await waitFor(() => expect(canvas.getByRole('complementary', { name: 'Events' })).toHaveTextContent('Reloaded the app read its new settings'), SLOW);

    modified(store.change(withData({ echo: 'changed live' })));
    await waitFor(() => expect(canvas.getByLabelText('YAML')).toHaveTextContent('echo: changed live'));
    await userEvent.click(canvas.getByRole('button', { name: 'Changed since you opened it' }));
    expect(canvas.getByLabelText('Changes since you opened it')).toHaveTextContent('+ echo: changed live');

    await userEvent.click(await canvas.findByRole('button', { name: 'Edit' }, SLOW));
    const editor = canvas.getByRole('textbox', { name: 'Edit YAML' }) as HTMLTextAreaElement;
    const started = editor.value;
    await userEvent.clear(editor);
    await userEvent.paste(started.replace('alpha: one', 'alpha: mine'));
    modified(store.change(withData({ alpha: 'theirs', charlie: 'also theirs' })));
    await userEvent.click(canvas.getByRole('button', { name: 'Save' }));

    const conflict = await canvas.findByRole('region', { name: 'Conflict 1' }, SLOW);
    expect(within(conflict).getByLabelText('Yours of conflict 1')).toHaveTextContent('alpha: mine');
    expect(within(conflict).getByLabelText('Theirs of conflict 1')).toHaveTextContent('alpha: theirs');
    expect(within(conflict).getByLabelText('Base of conflict 1')).toHaveTextContent('alpha: one');
    const merged = canvas.getByRole('textbox', { name: 'Merged result' }) as HTMLTextAreaElement;
    expect(merged.value).toContain('charlie: also theirs');
    await userEvent.click(within(conflict).getByRole('button', { name: 'Keep theirs' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Save merged' }));

    await waitFor(() => expect(canvas.queryByRole('textbox')).toBeNull(), SLOW);
    // The first save carried the version it started from, the second the colleague's.
    expect(store.putVersions).toEqual(['2', '3']);
    expect(store.current().data).toEqual({ alpha: 'theirs', bravo: 'two', charlie: 'also theirs', echo: 'changed live' });
  },
};

const blanked: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: STORY_NAMESPACE, uid: 'secret-db', resourceVersion: '1' },
  data: { password: '' },
};
const viewerStore = mockObject(STORY_CLUSTER, 'secrets', blanked, false);
const viewerWatch = mockWatch({ answer: (key) => (key.resource === 'secrets' ? [blanked] : []) });
/** A viewer: the gateway blanked the secret's values, so they show masked with no reveal, and there is no Edit. */
export const SecretForViewer: Story = {
  args: { cluster: STORY_CLUSTER, namespace: STORY_NAMESPACE, resource: 'secrets', name: 'db' },
  ...withMocks({ watch: viewerWatch.endpoint.handler, object: viewerStore.handlers }, viewerWatch.endpoint.reset, viewerStore.reset),
  play: async ({ canvas }) => {
    const yaml = await canvas.findByLabelText('YAML', {}, SLOW);
    expect(yaml).toHaveTextContent(`password: ${MASK}`);
    expect(canvas.getByText('The values are hidden: your role may not read secrets.')).toBeInTheDocument();
    expect(canvas.queryByRole('button', { name: 'Reveal values' })).toBeNull();
    expect(canvas.queryByRole('button', { name: 'Edit' })).toBeNull();
  },
};
