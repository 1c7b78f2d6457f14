import { appendFileSync } from 'node:fs';

/** `npm run chaos` sets CHAOS_FULL=1: the chaos cases then run at their full size (see test/chaos/README.md). */
export const CHAOS_FULL = process.env.CHAOS_FULL === '1';

/** Picks the size of a chaos case: `quick` in `npm test`, `full` in `npm run chaos`. */
export function size(quick: number, full: number): number {
  return CHAOS_FULL ? full : quick;
}

/**
 * Prints one figure of a chaos case (`[figure] case | name | value`) and, when CHAOS_FIGURES names a file, appends it
 * there as a JSON line (what `npm run chaos` collects into its table).
 */
export function figure(caseName: string, name: string, value: string | number): void {
  const line = `[figure] ${caseName} | ${name} | ${value}`;
  console.log(line);
  const file = process.env.CHAOS_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify({ case: caseName, name, value })}\n`);
}
