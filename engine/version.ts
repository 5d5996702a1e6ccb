/**
 * The software's version, recorded with every run (which engine scored it). It is in no plan
 * and no results hash: how numbers are made is the plan's semantics level (semantics.ts), so
 * this can change with any release without changing a hash or blocking a rerun.
 */
export const ENGINE_VERSION = '0.3.0';
