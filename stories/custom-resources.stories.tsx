import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { STORY_CLUSTER, STORY_NAMESPACE } from './mocks/pods.ts';
import { withMocks } from './mocks/story.ts';
import { mockWatch } from './mocks/watch.ts';
import { CustomResourceBrowser } from './custom-resource-browser.tsx';

/** Custom resources: a picker fed by a live watch of CustomResourceDefinitions, and the chosen type's objects streamed live. */
const meta = {
  title: 'Demo/Custom resources',
  component: CustomResourceBrowser,
} satisfies Meta<typeof CustomResourceBrowser>;

export default meta;
type Story = StoryObj<typeof meta>;

const SLOW = { timeout: 10_000 };
const WIDGETS = 'widgets.example.com';

const crd = (established: boolean) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: WIDGETS },
  spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true }] },
  status: { conditions: [{ type: 'Established', status: established ? 'True' : 'False' }] },
});
const widget = (name: string) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: STORY_NAMESPACE, uid: name }, spec: { size: 1 } });

const live = mockWatch({ answer: (key) => (key.resource === WIDGETS ? [widget('first')] : []) });
/** No CRD at first; one is created and established, is picked, and its objects stream in. */
export const CrdAppearsAndStreams: Story = {
  ...withMocks({ watch: live.endpoint.handler }, live.endpoint.reset),
  play: async ({ canvas }) => {
    const picker = await canvas.findByLabelText('Custom resource', {}, SLOW);
    await waitFor(() => expect(within(picker).getByRole('option', { name: 'No custom resources' })).toBeInTheDocument(), SLOW);

    // Created but not established yet: not offered, the gateway would not serve it.
    live.emit({ type: 'ADDED', cluster: STORY_CLUSTER, resource: 'customresourcedefinitions', object: crd(false) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['No custom resources']);
    live.emit({ type: 'MODIFIED', cluster: STORY_CLUSTER, resource: 'customresourcedefinitions', object: crd(true) });
    const option = await within(picker).findByRole('option', { name: `Widget (${WIDGETS})` }, SLOW);
    expect(option).toHaveValue(WIDGETS);
    await userEvent.selectOptions(picker, WIDGETS);

    const list = await canvas.findByRole('list', { name: `${WIDGETS} in ${STORY_NAMESPACE}` }, SLOW);
    await waitFor(() => expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['first']), SLOW);
    live.emit({ type: 'ADDED', cluster: STORY_CLUSTER, resource: WIDGETS, object: widget('second') });
    await waitFor(() => expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['first', 'second']));
    live.emit({ type: 'DELETED', cluster: STORY_CLUSTER, resource: WIDGETS, object: widget('first') });
    await waitFor(() => expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['second']));
  },
};

const refused = mockWatch({ answer: (key) => (key.resource === 'customresourcedefinitions' ? { error: 403, message: 'customresourcedefinitions is forbidden' } : []) });
/** A user who may not list CRDs is told so in the picker instead of an empty list. */
export const CrdsForbidden: Story = {
  ...withMocks({ watch: refused.endpoint.handler }, refused.endpoint.reset),
  play: async ({ canvas }) => {
    const picker = await canvas.findByLabelText('Custom resource', {}, SLOW);
    await waitFor(() => expect(within(picker).getByRole('option', { name: 'Cannot list custom resources (403)' })).toBeInTheDocument(), SLOW);
  },
};
