/**
 * Everything the command prints goes through here. Text from a scheme, a data file or the
 * command line (labels, cells, ids, file names) may hold control characters that a terminal
 * would obey: ESC and OSC sequences move the cursor, retitle the window, clear the screen;
 * bidirectional overrides reorder what is shown. They are printed escaped (`\x1b`, `\u202e`);
 * only newline and tab pass. Results written to a file or a pipe are left exactly as they are.
 */
// oxlint-disable-next-line eslint/no-control-regex -- matching control characters is this pattern's job
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const c = ch.charCodeAt(0);
    return c < 0x100 ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  });
}

/** A JSON log line with the same characters escaped as JSON escapes (`\u009b`), so it stays valid JSON. */
export function jsonLineSafe(line: string): string {
  return line.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Messages for the user: always escaped. */
export function say(text: string, stream: NodeJS.WriteStream = process.stderr): boolean {
  return stream.write(terminalSafe(text));
}

/** Results (CSV, JSON, YAML) on stdout: escaped only when stdout is a terminal. */
export function writeResult(text: string | Uint8Array, stream: NodeJS.WriteStream = process.stdout): boolean {
  return stream.write(stream.isTTY ? terminalSafe(typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) : text);
}
