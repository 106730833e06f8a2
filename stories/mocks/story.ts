/** Story annotations that install mocked gateway endpoints for one story. */
import type { AnyHandler } from 'msw';

/** The handlers of one story, merged by name with the ticket endpoint of .storybook/preview.tsx. */
export type NamedHandlers = Record<string, AnyHandler | AnyHandler[]>;

/** Prepares a mock before a render (counts back to zero, timers started), returning its teardown if it has one. */
export type MockSetup = (() => void) | (() => () => void);

/** Installs `handlers` for the story and runs `setups` before each render, tearing them down after it. */
export function withMocks(handlers: NamedHandlers, ...setups: MockSetup[]) {
  return {
    parameters: { msw: { handlers } },
    beforeEach: () => {
      const teardowns = setups.map((setup) => setup());
      return () => {
        for (const teardown of teardowns) if (typeof teardown === 'function') teardown();
      };
    },
  };
}
