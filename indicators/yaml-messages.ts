/**
 * The YAML library's errors in Chinese, by error code, so the Chinese half of a message holds no
 * parser English (the English half keeps the library's own text).
 */
import type { ErrorCode } from 'yaml';

const ZH: Record<ErrorCode, string> = {
  ALIAS_PROPS: '别名（*名称）不能带锚点或标签',
  BAD_ALIAS: '别名（*名称）写法不对，或引用了未定义的锚点',
  BAD_DIRECTIVE: '不认识的 % 指令',
  BAD_DQ_ESCAPE: '双引号字符串中有无效的转义（\\）',
  BAD_INDENT: '缩进不对：同一层的项应对齐，子项应多缩进',
  BAD_PROP_ORDER: '锚点或标签的位置不对',
  BAD_SCALAR_START: '值不能以此字符开头（以 @ 或 ` 开头的值请加引号）',
  BLOCK_AS_IMPLICIT_KEY: '多行内容不能作为键',
  BLOCK_IN_FLOW: '[ ] 或 { } 中不能写多行块',
  DUPLICATE_KEY: '同一层中的键重复',
  IMPOSSIBLE: 'YAML 无法解析',
  KEY_OVER_1024_CHARS: '键超过 1024 个字符',
  MISSING_CHAR: '缺少字符（如引号、括号或冒号后的空格）',
  MULTILINE_IMPLICIT_KEY: '键不能跨行（是否少了「: 」或缩进不对？）',
  MULTIPLE_ANCHORS: '一个节点只能有一个锚点',
  MULTIPLE_DOCS: '方案文件只能有一个 YAML 文档（去掉多余的 ---）',
  MULTIPLE_TAGS: '一个节点只能有一个标签',
  NON_STRING_KEY: '键应为文本',
  RESOURCE_EXHAUSTION: 'YAML 展开过大（别名层层引用）',
  TAB_AS_INDENT: '不能用 Tab 缩进，请用空格',
  TAG_RESOLVE_FAILED: '不认识的标签（!名称）',
  UNEXPECTED_TOKEN: '此处出现了意外的内容',
  BAD_COLLECTION_TYPE: '集合类型与标签不符',
};

export function yamlErrorZh(code: ErrorCode): string {
  return ZH[code] ?? 'YAML 无法解析';
}
