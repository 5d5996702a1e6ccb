/** A pool task's module in io/, compiled: from source (tests) the built copy in dist/ is used (`npm test` builds first). */
export function builtWorker(name: string): string {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL(`../dist/io/${name}.js`, here).href : new URL(`./${name}.js`, here).href;
}
