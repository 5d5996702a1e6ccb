/**
 * Bilingual problems. Every error a user sees names where it is (a YAML path, a sheet and
 * cell, a CSV row and column), says what is wrong in Chinese first and English second, and,
 * where we can, how to fix it.
 */
export interface Problem {
  /** Where: `tree.children[2].weight`, `数据!D7`, `data.csv:12 forest_cover`. */
  where: string;
  zh: string;
  en: string;
  /** 1-based line in the source file, when known. */
  line?: number;
  /** The entity of the row a data cell belongs to: its name as the file gives it (with the id), or its id. */
  entity?: string;
}

export function formatProblem(p: Problem): string {
  const at = p.line !== undefined ? `${p.where} (line ${p.line})` : p.where;
  return `${at}: ${p.zh} / ${p.en}`;
}

/** Thrown when input (a scheme, a data file, an option) is wrong; carries every problem found. */
export class KaoheError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[], summary?: string) {
    super(summary ?? problems.map(formatProblem).join('\n'));
    this.name = 'KaoheError';
    this.problems = problems;
  }
}

/** JSON path segments to `a.b[2].c`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(root)' : out;
}
