/** Roster CSVs (io/roster.ts): id, name and attribute columns; every problem reported with its line. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { KaoheError } from '../../indicators/index.js';
import { loadSchemeFile, readRosterFile, readRosterText } from '../../io/index.js';

const root = resolve(import.meta.dirname, '../..');
const demoPlan = async () => compile(await loadSchemeFile(join(root, 'templates/demo-green.yaml'))).plan;

function problems(text: string, plan?: Parameters<typeof readRosterText>[2]): string[] {
  try {
    readRosterText(text, 'r.csv', plan);
  } catch (e) {
    if (e instanceof KaoheError) return e.problems.map((p) => `${p.where}: ${p.zh} / ${p.en}`);
    throw e;
  }
  throw new Error('the roster was accepted');
}

describe('reading a roster', () => {
  it('reads id, name and attribute columns, trimmed, with a BOM and CRLF line ends', () => {
    const roster = readRosterText('\uFEFFid,name,province\r\n 320100 ,南京市 ,江苏\r\n340200,芜湖市,安徽\r\n');
    expect(roster).toEqual([
      { id: '320100', name: '南京市', attributes: { province: '江苏' } },
      { id: '340200', name: '芜湖市', attributes: { province: '安徽' } },
    ]);
    expect(readRosterText('id,name\na,甲\n')).toEqual([{ id: 'a', name: '甲' }]);
  });

  it("with a plan, takes a previous round's data file: attributes kept, input columns ignored", async () => {
    const plan = await demoPlan();
    const roster = await readRosterFile(join(root, 'templates/demo-green.csv'), plan);
    expect(roster).toHaveLength(9);
    expect(roster[0]).toEqual({ id: '320100', name: '南京市', attributes: { province: '江苏' } });
    expect(roster.every((e) => Object.keys(e.attributes!).join() === 'province')).toBe(true);
  });

  it('reports a header without id or name, an empty or duplicate column', () => {
    expect(problems('code,name\na,b\n')).toEqual([expect.stringMatching(/^r\.csv:1: 缺少「id」列.* \/ the "id" column is missing/)]);
    expect(problems('id,title\na,b\n')).toEqual([expect.stringMatching(/^r\.csv:1: 缺少「name」列.* \/ the "name" column is missing/)]);
    expect(problems('id,name,,x,x\na,b,c,d,e\n')).toEqual([
      expect.stringMatching(/^r\.csv:1 C: 第 3 列的表头为空 \/ column 3 has an empty header/),
      expect.stringMatching(/^r\.csv:1 E: 表头「x」重复 \/ duplicate column "x"/),
    ]);
  });

  it('with a plan, reports a column that is neither an attribute nor an input', async () => {
    expect(problems('id,name,district\na,b,c\n', await demoPlan())).toEqual([
      expect.stringMatching(/^r\.csv:1 C: 未知列「district」.*province.* \/ unknown column "district": not an attribute of scheme demo-green \(expected: province\)/),
    ]);
  });

  it('reports every bad line at once: empty id, duplicate id with the first line, empty name, wrong column count, bad attribute', async () => {
    const text = 'id,name,province\na,甲,江苏\n,乙,江苏\na,丙,安徽\nd,,江苏\ne,戊\nf,己,上海\n';
    expect(problems(text, await demoPlan())).toEqual([
      'r.csv:6: 该行有 2 列，表头有 3 列 / this line has 2 columns, the header has 3',
      'r.csv:3 id: 编码 id 为空 / the id is empty',
      'r.csv:4 id: 编码「a」重复（与 r.csv:2 id 相同） / duplicate id "a" (same as r.csv:2 id)',
      'r.csv:5 name: 「d」的名称为空 / the name of "d" is empty',
      expect.stringMatching(/^r\.csv:7 province: 「省份」应为以下之一：江苏、安徽，实际为「上海」 \/ province: expected one of 江苏, 安徽, got "上海"/),
    ]);
  });

  it('reports an empty file, a malformed one, a missing one and one that is not UTF-8', async () => {
    expect(problems('')).toEqual([expect.stringMatching(/名单文件为空.* \/ the roster file is empty/)]);
    expect(problems('id,name\n"a,b\n')).toEqual([expect.stringMatching(/^r\.csv.*CSV 格式错误.* \/ malformed CSV/)]);
    const dir = mkdtempSync(join(tmpdir(), 'kaohe-roster-'));
    await expect(readRosterFile(join(dir, 'none.csv'))).rejects.toThrow(/找不到名单文件 \/ roster file not found/);
    writeFileSync(join(dir, 'gbk.csv'), Buffer.from([0x69, 0x64, 0x2c, 0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x61, 0x2c, 0xc4, 0xcf, 0xbe, 0xa9, 0x0a]));
    await expect(readRosterFile(join(dir, 'gbk.csv'))).rejects.toThrow(/不是 UTF-8/);
  });
});
