// Tests that drive a real program (redis-server, Chromium) need it installed. CI installs them,
// and there a missing one fails the run; elsewhere (a machine with only Node) those tests are
// skipped, saying why, so that `npm test` still passes there on the embedded defaults.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

function onPath(binary: string): boolean {
  const candidates = binary.includes('/')
    ? [binary]
    : (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, binary));
  return candidates.some((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Undefined when `binary` is installed; otherwise the reason to skip (or, in CI, an error). */
export function missingBinary(binary: string, install: string): string | undefined {
  if (onPath(binary)) return undefined;
  const reason = `${binary} is not installed (${install})`;
  if (process.env.CI) throw new Error(`${reason}: CI must run these tests`);
  console.warn(`[tests] skipped: ${reason}`);
  return reason;
}
