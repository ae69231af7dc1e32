// Summarises a V8 CPU profile (node --cpu-prof): the functions with the most self time, and
// the packages they belong to. `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  what: string;
  selfMs: number;
  percent: number;
}

/** Where a script lives: the npm package, `node:` internals, or the project's own file. */
function owner(url: string): string {
  if (!url) return '(native / V8)';
  const packages = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packages) return packages[1]!;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\/.*?\/(dist|src|bench)\//, '$1/');
}

export function summarise(
  file: string,
  top = 15,
): { functions: ProfileLine[]; owners: ProfileLine[]; totalMs: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const functions = new Map<string, number>();
  const owners = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    total += us;
    const name = `${frame.functionName || '(anonymous)'} ${owner(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const pkg = owner(frame.url).replace(/:\d+$/, '');
    owners.set(pkg, (owners.get(pkg) ?? 0) + us);
  }
  const lines = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([what, us]) => ({ what, selfMs: us / 1000, percent: (100 * us) / total }));
  return { functions: lines(functions), owners: lines(owners), totalMs: total / 1000 };
}

export function formatSummary(summary: ReturnType<typeof summarise>): string {
  const line = (entry: ProfileLine) =>
    `${entry.percent.toFixed(1).padStart(5)}%  ${entry.selfMs.toFixed(0).padStart(6)} ms  ${entry.what}`;
  return [
    `busy (non-idle) time: ${summary.totalMs.toFixed(0)} ms`,
    'top self time, by function:',
    ...summary.functions.map(line),
    'top self time, by package:',
    ...summary.owners.map(line),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
  console.log(formatSummary(summarise(file, top ? Number(top) : 15)));
}
