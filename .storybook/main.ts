import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig, type PluginOption } from 'vite';

/** vite-plugin-dts registers itself under this name; it would emit the library's .d.ts files. */
const DTS_PLUGIN = 'unplugin-dts';

const fromRepo = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

function withoutDts(plugins: PluginOption[]): PluginOption[] {
  return plugins
    .map((p) => (Array.isArray(p) ? withoutDts(p) : p))
    .filter((p) => !(p && typeof p === 'object' && 'name' in p && p.name === DTS_PLUGIN));
}

/** Storybook with the mocked gateway (msw's worker is served from ./public). */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-vitest'],
  framework: '@storybook/react-vite',
  staticDirs: ['./public'],
  core: { disableTelemetry: true },
  viteFinal(vite) {
    // Stories import the kit by its published names, as an app would; these point them at the sources.
    const merged = mergeConfig(vite, {
      resolve: {
        alias: [
          { find: /^@kubevision\/kit$/, replacement: fromRepo('src/index.ts') },
          { find: /^@kubevision\/kit\/core$/, replacement: fromRepo('src/core/index.ts') },
          { find: /^@kubevision\/kit\/resource$/, replacement: fromRepo('src/resource/index.ts') },
          { find: /^@kubevision\/kit\/audit$/, replacement: fromRepo('src/audit/index.ts') },
        ],
      },
    });
    // Storybook takes the plugins of the root vite.config.ts (the library build) but not its `build`
    // block (library mode, externals); only the declaration emitter must go, or it writes .d.ts files.
    return { ...merged, plugins: withoutDts(merged.plugins ?? []) };
  },
};

export default config;
