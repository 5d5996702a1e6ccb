/**
 * Scheme YAML text → a YAML document and its plain value, or a KaoheError naming the line. The
 * size and flow nesting are checked before the document is composed (the composer recurses, and
 * a few tens of thousands of nested brackets would overflow the stack); any error the YAML
 * library raises (an alias bomb's "excessive alias count", a syntax error) and any number that
 * is not a number the scheme could use (.nan, .inf, 1e400, 1e-400) is a problem with its line.
 */
import { CST, Document, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument, visit, type Scalar } from 'yaml';
import { KaoheError, formatPath, type Problem } from './messages.js';
import { SCHEME_LIMITS } from './limits.js';
import { yamlErrorZh } from './yaml-messages.js';

export interface YamlRead {
  doc: Document;
  lineCounter: LineCounter;
  value: unknown;
}

export function readSchemeYaml(text: string): YamlRead {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > SCHEME_LIMITS.bytes) {
    fail({
      where: 'YAML',
      zh: `方案文件有 ${bytes} 字节，超过上限 ${SCHEME_LIMITS.bytes} 字节（${SCHEME_LIMITS.bytes / 1024} KiB）：请拆分或精简方案`,
      en: `the scheme file is ${bytes} bytes, over the limit of ${SCHEME_LIMITS.bytes} bytes (${SCHEME_LIMITS.bytes / 1024} KiB): split or trim the scheme`,
    });
  }
  checkFlowNesting(text);
  const lineCounter = new LineCounter();
  const doc = guarded(() => parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), undefined);
  if (doc.errors.length > 0) {
    throw new KaoheError(
      doc.errors.map((e) => ({
        where: 'YAML',
        line: lineCounter.linePos(e.pos[0]).line,
        zh: `YAML 语法错误：${yamlErrorZh(e.code)}（含「: 」或「? 」的表达式请加引号）`,
        en: `YAML syntax error: ${e.message} (quote an expression that contains ": " or "? ")`,
      })),
    );
  }
  checkNumbers(doc, lineCounter);
  const value = guarded(() => doc.toJS(), () => firstAliasLine(doc, lineCounter));
  return { doc, lineCounter, value };
}

function fail(problem: Problem): never {
  throw new KaoheError([problem]);
}

/** An error thrown by the YAML library itself becomes a problem (aliases expanded past the library's count, …). */
function guarded<T>(work: () => T, line: (() => number | undefined) | undefined): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof KaoheError) throw e;
    const message = (e as Error).message;
    const alias = /alias/i.test(message);
    fail({
      where: 'YAML',
      line: line?.(),
      zh: alias ? 'YAML 别名（*名称）展开过多（请直接写出内容，不要层层引用锚点）' : 'YAML 无法读取（请检查此行附近的写法）',
      en: alias ? `YAML aliases (*name) expand too far: ${message} (write the content out instead of aliases of aliases)` : `the YAML cannot be read: ${message}`,
    });
  }
}

/** The depth of `[`/`{` nesting, from the lexer (iterative: quoted and plain text is one token, so brackets inside it don't count). */
function checkFlowNesting(text: string): void {
  let depth = 0;
  let line = 1;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      depth++;
      if (depth > SCHEME_LIMITS.yamlNesting) {
        fail({
          where: 'YAML',
          line,
          zh: `YAML 的 [ ] 或 { } 嵌套超过 ${SCHEME_LIMITS.yamlNesting} 层`,
          en: `YAML [ ] or { } collections are nested more than ${SCHEME_LIMITS.yamlNesting} deep`,
        });
      }
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') depth = Math.max(0, depth - 1);
    // Markers (document, scalar, flow-error-end) are not source text.
    if (type !== 'doc-mode' && type !== 'scalar' && type !== 'flow-error-end') {
      for (let k = token.indexOf('\n'); k >= 0; k = token.indexOf('\n', k + 1)) line++;
    }
  }
}

/** .nan, .inf and numbers beyond double precision are refused where they are written, with what was written. */
function checkNumbers(doc: Document, lc: LineCounter): void {
  const problems: Problem[] = [];
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || typeof node.value !== 'number') return;
      const v = node.value;
      const written = node.source ?? String(v);
      const mantissa = written.split(/[eE]/)[0];
      let msg: [string, string] | undefined;
      if (Number.isNaN(v) || (!Number.isFinite(v) && /^[-+]?\.inf$/i.test(written))) {
        msg = [`「${written}」不是数值（.nan / .inf 在方案中不能使用），请写出有限的数`, `"${written}" is not a number (.nan / .inf are not numbers in a scheme): write a finite number`];
      } else if (!Number.isFinite(v)) {
        msg = [`「${written}」太大，超出双精度浮点数范围`, `"${written}" is too large for a double-precision number`];
      } else if (v === 0 && /[1-9]/.test(mantissa)) {
        msg = [`「${written}」太小，会被舍入为 0`, `"${written}" rounds to 0 (too small for a double-precision number)`];
      }
      if (!msg) return;
      problems.push({ where: formatPath(yamlPath(ancestors, node)), line: lineOf(node, lc), zh: msg[0], en: msg[1] });
    },
  });
  if (problems.length > 0) throw new KaoheError(problems);
}

function lineOf(node: { range?: [number, number, number] | null }, lc: LineCounter): number | undefined {
  return node.range ? lc.linePos(node.range[0]).line : undefined;
}

/** The path of keys and indices from the document to a node, as the visitor saw it. */
function yamlPath(ancestors: readonly unknown[], node: Scalar): (string | number)[] {
  const path: (string | number)[] = [];
  ancestors.forEach((a, i) => {
    const next = ancestors[i + 1] ?? node;
    if (isSeq(a)) path.push(a.items.indexOf(next as never));
    else if (isPair(a)) path.push(String(isScalar(a.key) ? a.key.value : a.key));
  });
  return path;
}

function firstAliasLine(doc: Document, lc: LineCounter): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      line = lineOf(node, lc);
      return visit.BREAK;
    },
  });
  return line;
}
