/**
 * The fill-in workbook contract shared by the template writer and the importer: sheet
 * `填报说明` (instructions) first, then `数据` (data: three header rows, data from row 4,
 * column A `id`, column B `name`), `_lists` (hidden) and `_kaohe` (veryHidden metadata:
 * A1 format, A2 scheme, A3 version, A4 planHash, values in column B).
 */
export const TEMPLATE_FORMAT = 'kaohe-template/1';

export const SHEET = {
  instructions: '填报说明',
  data: '数据',
  /** Drop-down values too long for Excel's 255-character inline list (state: hidden). */
  lists: '_lists',
  /** Key/value metadata: format, scheme, version, planHash (state: veryHidden). */
  meta: '_kaohe',
} as const;

/** Data sheet rows: 1 bilingual label, 2 unit, 3 machine header (`id`, `name`, source ids). */
export const LABEL_ROW = 1;
export const UNIT_ROW = 2;
export const HEADER_ROW = 3;
export const FIRST_DATA_ROW = 4;
/** Rows searched for the machine header (column A `id`) in a data sheet, or a CSV saved from one. */
export const HEADER_SEARCH_ROWS = 10;

/** Rows in an Excel worksheet. */
export const EXCEL_MAX_ROWS = 1_048_576;
