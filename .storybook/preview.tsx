import type { Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { KubeVisionProvider } from '@kubevision/kit';
import { MOCK_BASE_URL, getMockToken, ticketHandler } from '../stories/mocks/gateway.ts';

/**
 * Every story talks to the msw-mocked gateway at MOCK_BASE_URL. The provider is keyed by story, so
 * each story gets a fresh client and sockets instead of inheriting the previous story's.
 */
const preview: Preview = {
  loaders: [mswLoader()],
  parameters: {
    layout: 'padded',
    msw: { handlers: { tickets: ticketHandler } },
  },
  decorators: [
    (Story, context) => (
      <KubeVisionProvider key={context.id} baseUrl={MOCK_BASE_URL} getToken={getMockToken}>
        <Story />
      </KubeVisionProvider>
    ),
  ],
};

export default preview;
