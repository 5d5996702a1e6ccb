export { readCsvText, columnLetter } from './csv-input.js';
export { parseCell } from './cells.js';
export { resultsCsv, numberCell, textCell } from './csv-output.js';
export { resultsJson } from './json-output.js';
export { writeFileAtomic } from './atomic-write.js';
export { readDataFile, MAX_CSV_BYTES } from './read-data.js';
export { loadSchemeFile } from './scheme-file.js';
