export * from './plan.js';
export * from './frame.js';
export * from './results.js';
export { compile, planHash, type CompiledPlan } from './compile.js';
export { evaluate, DEFAULT_CHUNK_SIZE, type EvaluateOptions } from './evaluate.js';
export { roundHalfEven, formatRounded } from './round.js';
export { competitionRankDescending, minRankAscending } from './rank.js';
export { explain, type Explanation } from './explain.js';
export { ENGINE_VERSION } from './version.js';
