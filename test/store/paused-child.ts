/**
 * A child process that works on a database file and stops in the middle of a write, printing
 * `paused`, to be killed there: the crash tests' way of proving that a killed process leaves the
 * store consistent.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface PausedChild {
  /** What the child printed up to its pause. */
  out: string;
  /** Kills it with SIGKILL; resolves with the signal it died of. */
  kill: () => Promise<NodeJS.Signals | null>;
}

/** Runs `script` (beside this file) with `args` until it prints `paused`; refuses if it prints `finished` or exits first. */
export async function runUntilPaused(script: string, args: string[]): Promise<PausedChild> {
  const child = spawn(process.execPath, [join(import.meta.dirname, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('paused')) resolve();
      if (out.includes('finished')) reject(new Error(`${script} finished instead of pausing: ${out}`));
    });
    child.on('exit', () => reject(new Error(`${script} exited early: ${out}`)));
  });
  return { out, kill: () => { child.kill('SIGKILL'); return exited; } };
}
