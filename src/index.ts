/**
 * `@kubevision/kit`: the React layer. Until its components land it re-exports the core, so that
 * one import path serves both.
 */
export * from './core/index.js';
