/**
 * A normalisation method as the scheme language sees it: its parameters (a zod object whose
 * `method` is the method's name) and the checks that need more than the schema. The engine's
 * half of the method (statistics, code) is engine/operators/normalise/<method>.ts.
 */
import type { z } from 'zod';

export type Path = (string | number)[];

export interface NormaliseCheckContext {
  direction: 'higher' | 'lower';
  /** The YAML path of the indicator node (for a problem with its direction)… */
  node: Path;
  /** …and of its `normalise` field (for a problem with a parameter). */
  at: Path;
  add(path: Path, zh: string, en: string): void;
}

export interface NormaliseParams<S extends z.ZodObject = z.ZodObject> {
  schema: S;
  /** The parameters say which way is better (targets, bands), so `direction: lower` is refused. */
  ownDirection?: boolean;
  check?(def: z.output<S>, ctx: NormaliseCheckContext): void;
}
