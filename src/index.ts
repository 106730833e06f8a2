/**
 * `@kubevision/kit`: the React layer (provider, hooks, connection badge, terminal, log viewer) and,
 * re-exported, the framework-free core of `@kubevision/kit/core`. The audit components are in
 * `@kubevision/kit/audit` and the object view in `@kubevision/kit/resource`, so that pages without
 * them do not load them.
 */
import './styles/theme.css';

export * from './core/index.js';
export * from './react/index.js';
export * from './terminal/index.js';
export * from './logs/index.js';
