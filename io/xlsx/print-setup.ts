/** How the workbooks we hand to offices print: A4 (paper size 9 in the spreadsheet format), narrow margins in inches. */
export const A4 = 9;
export const PRINT_MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 };
