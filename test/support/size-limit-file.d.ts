/** `@size-limit/file` ships no types: its default export is size-limit's file plugin, a list of step objects. */
declare module '@size-limit/file' {
  const plugin: readonly object[];
  export default plugin;
}
