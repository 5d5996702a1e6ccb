/**
 * One cold start, in a fresh process (bench/run.ts starts several and takes medians): what a
 * user waits for on the first run of a plan. Prints one JSON line:
 *   boot     process start → kaohe's modules loaded (Node's own start-up included)
 *   load     read, parse and validate the scheme file
 *   compile  scheme → plan, with its hash
 *   first    the first evaluation of one chunk: generating and instantiating the kernels,
 *            V8 compiling them, and scoring the chunk (rank included)
 *   again    the same evaluation a second time (kernels cached and warm), for comparison
 *   poolFirst / poolAgain   the first and second run of 4 chunks on the worker pool
 *            (all cores; the first includes starting the workers)
 * The data are synthesised after compiling, outside the timed steps.
 *
 * Usage: node dist/bench/cold-start.js SCHEME.yaml ENTITIES
 */
import { availableParallelism } from 'node:os';
import { compile, DEFAULT_CHUNK_SIZE, evaluate, evaluateParallel, shutdownPool } from '../engine/index.js';
import { loadSchemeFile, synthFrame } from '../io/index.js';

const boot = performance.now();
const [schemePath, entitiesText] = process.argv.slice(2);
const entities = Number(entitiesText ?? DEFAULT_CHUNK_SIZE);

let t = performance.now();
const scheme = await loadSchemeFile(schemePath);
const load = performance.now() - t;
t = performance.now();
const compiled = compile(scheme);
const compileMs = performance.now() - t;
// Synthesising the data touches none of the evaluation code, so it can come between.
const frame = synthFrame(compiled.plan, entities, 7);
const poolFrame = synthFrame(compiled.plan, 4 * DEFAULT_CHUNK_SIZE, 8);
t = performance.now();
evaluate(compiled, frame);
const first = performance.now() - t;
t = performance.now();
evaluate(compiled, frame);
const again = performance.now() - t;
const threads = availableParallelism();
t = performance.now();
await evaluateParallel(compiled, poolFrame, { threads, parallelFrom: 0 });
const poolFirst = performance.now() - t;
t = performance.now();
await evaluateParallel(compiled, poolFrame, { threads, parallelFrom: 0 });
const poolAgain = performance.now() - t;
await shutdownPool();

process.stdout.write(`${JSON.stringify({ entities, boot, load, compile: compileMs, first, again, poolEntities: poolFrame.n, poolFirst, poolAgain })}\n`);
