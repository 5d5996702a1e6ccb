export * from './messages.js';
export * from './schema.js';
export * from './expression.js';
export * from './scope.js';
export { loadSchemeText, parseSchemeObject } from './load.js';
export { validateScheme } from './validate.js';
export * from './canonical.js';
export * from './semantics.js';
export { loadUncertaintySpec, type UncertaintySpec, type UncertainAssumption, type OperatorKind, type OperatorDef } from './uncertainty-spec.js';
