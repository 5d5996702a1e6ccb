/** The help of every command: `kaohe help` prints them all, `kaohe COMMAND --help` and a usage error that command's. */
export const COMMAND_USAGE: Record<string, string> = {
  check: `  kaohe check SCHEME [--plan | --kernels]     校验并编译方案 / validate and compile a scheme;
                                              --plan 打印计分计划（与计划哈希所哈希的内容相同）/ print the plan (exactly what the plan hash covers);
                                              --kernels 打印生成的计算内核 / print the generated kernels`,
  template: `  kaohe template SCHEME [--roster ROSTER.csv] [--traditional] -o ROUND.xlsx
                                              生成填报模板（给名单则预填编码和名称）/ the fill-in workbook for a round (prefilled from a roster);
                                              --traditional 繁體模板（港澳填报用，导入与简体模板相同）/ in Traditional characters (for Hong Kong and Macao; imports as the Simplified one)`,
  score: `  kaohe score SCHEME DATA.csv|DATA.xlsx [-o OUT] [--threads N] [--previous PREV.csv] [--uncertainty U.json] [--records RECORDS.csv --as-of YYYY-MM-DD [--period FROM..TO]]
                                              评分；OUT 的扩展名决定格式 .csv、.json 或 .xlsx（默认 CSV 输出到屏幕）；N 默认为全部核心
                                              score a round; OUT's extension picks .csv, .json or .xlsx (default: CSV on stdout);
                                              --previous: last round's results CSV, for rank changes in the workbook;
                                              N worker threads (default: every core; 1 = this thread only)
                                              方案含带日期的记录时，需给出记录文件和评价基准日
                                              schemes with dated records need the records file and the evaluation date`,
  explain: `  kaohe explain SCHEME DATA.csv|DATA.xlsx --id ID [--json] [--records RECORDS.csv --as-of YYYY-MM-DD [--period FROM..TO]]
                                              逐节点说明一个实体的得分 / one entity's score, node by node`,
  attribute: `  kaohe attribute SCHEME DATA --posts POSTS.csv --from YYYY-MM-DD --to YYYY-MM-DD [-o OUT.csv]
                                              按任职天数把地区结果归属到在任干部 / attribute a region's results to the officials in post, by days in post`,
  uncertainty: `  kaohe uncertainty SCHEME DATA --spec SPEC.yaml [--n 1000] [--seed 1] [--threads 1] [--records R --as-of D] -o OUT.csv [--json OUT.json] [--sensitivity SENS.csv [--sensitivity-of ID]]
                                              不确定性分析：按规格随机改变权重、标准化和汇总方法重复评分，给出名次与得分的 5–95% 区间
                                              uncertainty analysis: the round rescored N times with weights, normalisation and aggregation drawn, rank and score 5–95% intervals`,
  synth: `  kaohe synth SCHEME --n N [--seed S] [--division-codes] [-o OUT.csv]
                                              按方案生成 N 个实体的可复现合成数据（默认种子 1，默认输出到屏幕）
                                              seeded synthetic data for N entities (default seed 1; default: CSV on stdout)
                                              --division-codes：地区编码用 GB/T 2260 格式（可作为服务的参评名单），默认 R000001…
                                              --division-codes: region ids in GB/T 2260 form (a service roster takes them); default R000001…`,
  scheme: `  kaohe scheme export SCHEME.yaml -o FRAMEWORK.xlsx
                                              把方案导出为可在 Excel/WPS 中编辑的指标体系工作簿 / a scheme as an editable framework workbook
  kaohe scheme import FRAMEWORK.xlsx [-o SCHEME.yaml]
                                              把指标体系工作簿转回 YAML 方案（默认输出到屏幕），逐一指出有问题的单元格 / a framework workbook back to YAML (default: stdout); every problem names its cell`,
  serve: `  kaohe serve [--port 3000] [--db ./data/kaohe.db] [--host 127.0.0.1] [--public] [--threads N] [--restore-triggers]
                                              启动考核服务（网页与 API；空数据库时生成演示数据）；--public 允许未登录者查看已发布结果
                                              the service (web pages and API; seeds the demo into an empty database); --public lets anyone read published results
                                              缺少防篡改触发器的数据库被拒绝；--restore-triggers 重建它们并记入审计日志
                                              a database missing immutability triggers is refused; --restore-triggers recreates them (audited)`,
  hash: `  kaohe hash RESULTS.csv|RESULTS.json|RESULTS.xlsx
                                              重算结果文件的哈希（规范结果 CSV 的 SHA-256）并与文件所记核对
                                              recompute a results file's hash (SHA-256 of the canonical results CSV) and check it against the one it states`,
  verify: `  kaohe verify BUNDLE.zip                     离线核验审计包（GET /api/runs/:id/bundle）：文件哈希、计划、快照、复算结果、审计链 / check an audit bundle offline: file hashes, plan, snapshot, rescored results, audit chain`,
  audit: `  kaohe audit --db DB --official ID [--from YYYY-MM-DD] [--to YYYY-MM-DD] [-o WORKPAPER.xlsx]
                                              任期（离任）审计：复算、核验并按任职天数归属，保存并记入审计日志；-o 写出审计工作底稿
                                              tenure audit: rerun, verify and attribute by days in post, stored and audit-logged; -o writes the workpaper`,
  demo: `  kaohe demo                                  用内置示例方案评分并打印排名 / score the bundled demo and print the ranking`,
  help: `  kaohe help [COMMAND]                        显示帮助；kaohe COMMAND --help 只显示该命令 / show this help; kaohe COMMAND --help shows one command's`,
};

export const COMMANDS = Object.keys(COMMAND_USAGE);

const HEADING = '用法 Usage:';

export const USAGE = `${HEADING}\n${Object.values(COMMAND_USAGE).join('\n')}`;

/** One command's help, or all of it for no (or an unknown) command. */
export function usageOf(command: string | undefined): string {
  const text = command === undefined ? undefined : COMMAND_USAGE[command];
  return text === undefined ? USAGE : `${HEADING}\n${text}`;
}
