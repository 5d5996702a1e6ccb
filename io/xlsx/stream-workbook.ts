/**
 * exceljs's streaming writer, set up the one way we use it: rows go into the zip as they are
 * committed, styles on, no shared-string table (it would keep every string in memory). Sheets
 * must be written one after another: the zip takes one entry at a time, so rows of a second
 * open sheet would wait in memory.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { writeFileAtomicWith } from '../atomic-write.js';

export type StreamWorkbook = ExcelJS.stream.xlsx.WorkbookWriter;
export type Fill = (wb: StreamWorkbook) => Promise<void>;

/** Rows written between two turns of the event loop, so the zip can drain what is committed. */
export const ROWS_PER_TURN = 1000;

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Fill a workbook and write it to `out`; resolves when everything is written. */
export async function writeWorkbookTo(out: Writable, fill: Fill): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'kaohe';
  wb.lastModifiedBy = 'kaohe';
  await fill(wb);
  await wb.commit();
}

/** Write a workbook to a file, whole or not at all. */
export async function writeWorkbookFile(path: string, fill: Fill): Promise<void> {
  await writeFileAtomicWith(path, async (tmp) => {
    const out = createWriteStream(tmp);
    await once(out, 'open'); // a path that can't be written fails now, before any work
    try {
      await writeWorkbookTo(out, fill);
    } catch (e) {
      out.on('error', () => {}); // the zip may still write to it as it is torn down
      out.destroy();
      await closed(out);
      throw e;
    }
    await closed(out);
  });
}

/** A workbook as bytes (for a download). */
export async function workbookBuffer(fill: Fill): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = finished(out);
  await writeWorkbookTo(out, fill);
  await done;
  return Buffer.concat(chunks);
}

/** Resolves when the file is closed; an error on the way (after a destroy) doesn't matter then. */
async function closed(out: WriteStream): Promise<void> {
  if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
}
