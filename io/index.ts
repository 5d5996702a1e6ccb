export { readCsvText, columnLetter } from './csv-input.js';
export { parseCell } from './cells.js';
export { resultsCsv, numberCell, textCell } from './csv-output.js';
export { resultsJson } from './json-output.js';
export { writeFileAtomic } from './atomic-write.js';
export { readDataFile, MAX_CSV_BYTES } from './read-data.js';
export { loadSchemeFile } from './scheme-file.js';
export { synthFrame, synthCsv, synthCsvChunks, MAX_SYNTH_ROWS, Rng } from './synth.js';
export { usccCheckChar, isValidUscc, orgCodeCheckChar, makeEnterpriseUscc, USCC_ALPHABET } from './uscc.js';
