// The one table: printed, and written as JSON and Markdown under bench/results/.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR } from './settings.ts';
import type { Spread } from './stats.ts';

export interface Row {
  scenario: string;
  project: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null: informational, no target. */
  pass: boolean | null;
}

export const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export const fmtSpread = (s: Spread, digits = 2) =>
  `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;

const HEADERS = ['scenario', 'project', 'baseline', 'ratio (median, spread)', 'target', 'pass'] as const;

function cells(row: Row): string[] {
  return [row.scenario, row.project, row.baseline, row.ratio, row.target, passText(row.pass)];
}

const passText = (pass: boolean | null) => (pass === null ? 'info' : pass ? 'PASS' : 'FAIL');

export function textTable(rows: Row[]): string {
  const table = [HEADERS.slice(), ...rows.map(cells)];
  const widths = HEADERS.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join(' | ');
  return [line(table[0]!), widths.map((width) => '-'.repeat(width)).join('-|-'), ...table.slice(1).map(line)].join(
    '\n',
  );
}

export function markdownTable(rows: Row[]): string {
  const escape = (value: string) => value.replaceAll('|', '\\|');
  return [
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`),
  ].join('\n');
}

export interface Report {
  startedAt: string;
  durationSeconds: number;
  machine: { cpus: number; cpuModel: string; node: string; postgres: string; redis: string };
  rows: Row[];
  /** Raw figures of every scenario, per round. */
  details: Record<string, unknown>;
  notes: string[];
}

export function writeReport(report: Report): { json: string; markdown: string } {
  const stamp = report.startedAt.replaceAll(':', '-').replace(/\..+$/, '');
  const json = path.join(RESULTS_DIR, `bench-${stamp}.json`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = path.join(RESULTS_DIR, 'latest.md');
  writeFileSync(
    markdown,
    [
      `# Benchmark run of ${report.startedAt}`,
      '',
      `${report.machine.cpus} × ${report.machine.cpuModel}; Node ${report.machine.node}; ` +
        `PostgreSQL ${report.machine.postgres}; Redis ${report.machine.redis}. ` +
        `The whole run took ${Math.round(report.durationSeconds)} s.`,
      '',
      markdownTable(report.rows),
      '',
      ...report.notes.map((note) => `- ${note}`),
      '',
    ].join('\n'),
  );
  return { json, markdown };
}
