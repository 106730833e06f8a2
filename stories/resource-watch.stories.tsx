import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { pod, pods, SMALL_WORLD, STORY_CLUSTER } from './mocks/pods.ts';
import { withMocks } from './mocks/story.ts';
import { mockWatch } from './mocks/watch.ts';
import { PodTable } from './pod-table.tsx';

/** `useResourceWatch` behind a pods table: the snapshot, live events, an empty namespace, a large list, a refused watch. */
const meta = {
  title: 'React/useResourceWatch',
  component: PodTable,
} satisfies Meta<typeof PodTable>;

export default meta;
type Story = StoryObj<typeof meta>;

const SLOW = { timeout: 10_000 };

/** The names in the table body, in order. */
function rowNames(canvasElement: HTMLElement): string[] {
  return [...canvasElement.querySelectorAll('tbody tr')].map((tr) => tr.firstElementChild?.textContent ?? '');
}

const live = mockWatch({ answer: () => SMALL_WORLD });
/** A live list: the snapshot, then a pod added, modified and deleted by watch events. */
export const LiveList: Story = {
  ...withMocks({ watch: live.endpoint.handler }, live.endpoint.reset),
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(canvas.getByTestId('pod-count')).toHaveTextContent('4 pods in default'), SLOW);
    expect(rowNames(canvasElement)).toEqual(['my-pod', 'api-7d9f', 'worker-5c2b', 'migrate-1a2b']);

    const batch = pod('batch-9x8y', 7, 'Pending');
    live.emit({ type: 'ADDED', cluster: STORY_CLUSTER, resource: 'pods', object: batch });
    await waitFor(() => expect(canvas.getByTestId('pod-count')).toHaveTextContent('5 pods in default'));
    const row = () => canvas.getByText('batch-9x8y').closest('tr') as HTMLElement;
    expect(within(row()).getByText('Pending')).toBeInTheDocument();

    live.emit({ type: 'MODIFIED', cluster: STORY_CLUSTER, resource: 'pods', object: pod('batch-9x8y', 7, 'Running') });
    await waitFor(() => expect(within(row()).getByText('Running')).toBeInTheDocument());

    live.emit({ type: 'DELETED', cluster: STORY_CLUSTER, resource: 'pods', object: batch });
    await waitFor(() => expect(canvas.queryByText('batch-9x8y')).toBeNull());
    expect(canvas.getByTestId('pod-count')).toHaveTextContent('4 pods in default');
  },
};

const empty = mockWatch({ answer: () => [] });
/** A namespace without pods: the list is complete (SYNCED) and says so. */
export const EmptyList: Story = {
  ...withMocks({ watch: empty.endpoint.handler }, empty.endpoint.reset),
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(canvas.getByText('No pods in default.')).toBeInTheDocument(), SLOW);
    expect(canvas.getByTestId('pod-count')).toHaveTextContent('0 pods in default');
    expect(canvas.getByRole('table', { name: 'Pods' })).toHaveAttribute('aria-busy', 'false');
    expect(rowNames(canvasElement)).toEqual([]);
  },
};

const FIVE_THOUSAND = pods(5000);
const large = mockWatch({ answer: () => FIVE_THOUSAND });
/** A snapshot of 5,000 ADDED events then SYNCED: the kit applies them in frame batches and renders the list once complete. */
export const FiveThousandPods: Story = {
  ...withMocks({ watch: large.endpoint.handler }, large.endpoint.reset),
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(canvas.getByTestId('pod-count')).toHaveTextContent('5,000 pods in default'), { timeout: 20_000 });
    expect(canvas.getByRole('table', { name: 'Pods' })).toHaveAttribute('aria-busy', 'false');
    const names = rowNames(canvasElement);
    expect(names).toHaveLength(5000);
    expect(names[0]).toBe('web-00000');
    expect(names[4999]).toBe('web-04999');
  },
};

const refused = mockWatch({ answer: () => ({ error: 403, message: 'pods is forbidden: user "viewer" cannot watch pods in namespace "default"' }) });
/** The gateway answers the subscribe with ERROR 403: the socket stays open (badge live), the list shows why it is empty. */
export const WatchForbidden: Story = {
  ...withMocks({ watch: refused.endpoint.handler }, refused.endpoint.reset),
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByRole('alert')).toHaveTextContent('Cannot watch pods (403): pods is forbidden'), SLOW);
    expect(canvas.getByRole('status')).toHaveTextContent('live');
  },
};
