/** Schemes as sheets: the framework workbook an evaluation office edits, to and from the YAML scheme. */
export { schemeToSheets, schemeToWorkbook, writeSchemeWorkbook } from './export.js';
export { sheetsToScheme, readSchemeWorkbookFile, readSchemeWorkbookBuffer, MAX_SCHEME_SHEET_ROWS } from './import.js';
export { SCHEME_WORKBOOK_LIMITS } from './read-sheets.js';
export { schemeToYaml } from './yaml.js';
export type { SheetData as SchemeSheetData } from './model.js';
