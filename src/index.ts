/**
 * `@kubevision/kit`: the React layer (provider, hooks, connection badge, terminal, audit components)
 * and, re-exported, the framework-free core of `@kubevision/kit/core`.
 */
import './styles/theme.css';

export * from './core/index.js';
export * from './react/index.js';
export * from './terminal/index.js';
export * from './audit/index.js';
export * from './logs/index.js';
