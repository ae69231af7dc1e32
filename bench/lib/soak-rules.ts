// The soak's samples and its verdict, kept apart from the traffic so that the rules read alone.
import { median } from './stats.ts';

export interface MemorySample {
  /** Seconds since the traffic started. */
  at: number;
  /** V8's used heap (nodejs_heap_size_used_bytes), MB. */
  heapUsedMb: number;
  /** V8's heap size (nodejs_heap_size_total_bytes), MB. */
  heapTotalMb: number;
  /** Resident set size now (VmRSS), MB. */
  rssMb: number;
  /** Requests answered so far, all kinds. */
  requests: number;
}

export interface SoakFigures {
  samples: MemorySample[];
  /** V8's heap_size_limit under the start script's flags, MB. */
  heapLimitMb: number;
  /** VmHWM at the end: the highest resident set size of the whole run, MB. */
  peakRssMb: number;
  /** VmHWM after GraphiQL, the docs and the `jobs` load alone, before the mixed traffic, MB. */
  jobsPeakRssMb: number;
  /** Answers per kind of traffic that were as expected. */
  ok: Record<string, number>;
  failed: number;
  /** Why the server process ended before the soak did, if it did. */
  crashed: string | null;
}

/** The heap may not grow by more than this from the second quarter to the last... */
export const MAX_HEAP_GROWTH = 0.1;
/** ...unless the growth is under this many MB (noise on a small heap). */
export const HEAP_GROWTH_FLOOR_MB = 2;
export const MAX_HEAP_SHARE = 0.7;
export const MAX_PEAK_RSS_MB = 200;
/** RSS may not grow by more than this from the second quarter to the last (native leaks)... */
export const MAX_RSS_GROWTH = 0.1;
/** ...unless the growth is under this many MB. */
export const RSS_GROWTH_FLOOR_MB = 10;
/** Unexpected answers allowed, as a share of all requests. */
export const MAX_FAILED_SHARE = 0.001;

export interface Verdict {
  pass: boolean;
  /** One line per rule, each with PASS or FAIL. */
  lines: string[];
  quarters: { second: number; last: number };
}

/** Median of `field` over the samples of one quarter of the run, by time. */
function quarterMedian(
  samples: MemorySample[],
  duration: number,
  quarter: number,
  field: 'heapUsedMb' | 'rssMb' = 'heapUsedMb',
): number {
  const inside = samples.filter(
    (sample) => sample.at >= (duration * quarter) / 4 && sample.at < (duration * (quarter + 1)) / 4 + 1e-9,
  );
  return median(inside.map((sample) => sample[field]));
}

export function verdict(figures: SoakFigures, durationSeconds: number): Verdict {
  const lines: string[] = [];
  let pass = true;
  const rule = (ok: boolean, text: string) => {
    pass &&= ok;
    lines.push(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
  };
  const { samples } = figures;
  rule(
    figures.crashed === null,
    figures.crashed === null ? 'the server ran to the end' : `the server ended: ${figures.crashed}`,
  );
  const idle = Object.entries(figures.ok).filter(([, count]) => count === 0);
  rule(
    idle.length === 0 && samples.length >= 8,
    idle.length === 0
      ? `traffic of every kind: ${Object.entries(figures.ok)
          .map(([kind, count]) => `${kind} ${count}`)
          .join(', ')}; ${samples.length} samples`
      : `no successful traffic of: ${idle.map(([kind]) => kind).join(', ')}`,
  );
  const total = Object.values(figures.ok).reduce((sum, count) => sum + count, 0) + figures.failed;
  rule(
    figures.failed <= MAX_FAILED_SHARE * total,
    `${figures.failed} unexpected answers of ${total} (at most ${MAX_FAILED_SHARE * 100}%)`,
  );
  const second = quarterMedian(samples, durationSeconds, 1);
  const last = quarterMedian(samples, durationSeconds, 3);
  const grew = last - second;
  rule(
    Number.isFinite(second) &&
      Number.isFinite(last) &&
      (grew <= second * MAX_HEAP_GROWTH || grew < HEAP_GROWTH_FLOOR_MB),
    `median used heap, last quarter vs second: ${last.toFixed(1)} vs ${second.toFixed(1)} MB ` +
      `(${second > 0 ? ((grew / second) * 100).toFixed(1) : 'n/a'}%; fails above +${MAX_HEAP_GROWTH * 100}% and +${HEAP_GROWTH_FLOOR_MB} MB)`,
  );
  const maxHeap = Math.max(...samples.map((sample) => sample.heapUsedMb));
  rule(
    maxHeap <= MAX_HEAP_SHARE * figures.heapLimitMb,
    `highest used heap ${maxHeap.toFixed(1)} MB = ${((maxHeap / figures.heapLimitMb) * 100).toFixed(0)}% of the ` +
      `${figures.heapLimitMb.toFixed(0)} MB limit (at most ${MAX_HEAP_SHARE * 100}%)`,
  );
  const rssSecond = quarterMedian(samples, durationSeconds, 1, 'rssMb');
  const rssLast = quarterMedian(samples, durationSeconds, 3, 'rssMb');
  const rssGrew = rssLast - rssSecond;
  rule(
    Number.isFinite(rssSecond) &&
      Number.isFinite(rssLast) &&
      (rssGrew <= rssSecond * MAX_RSS_GROWTH || rssGrew < RSS_GROWTH_FLOOR_MB),
    `median RSS, last quarter vs second: ${rssLast.toFixed(0)} vs ${rssSecond.toFixed(0)} MB ` +
      `(fails above +${MAX_RSS_GROWTH * 100}% and +${RSS_GROWTH_FLOOR_MB} MB)`,
  );
  rule(
    figures.jobsPeakRssMb <= MAX_PEAK_RSS_MB,
    `peak RSS under the jobs load (after GraphiQL and the docs loaded): ${figures.jobsPeakRssMb.toFixed(0)} MB (at most ${MAX_PEAK_RSS_MB} MB)`,
  );
  lines.push(
    `info  peak RSS of the whole mixed run (bcrypt threads, Prisma's query compiler for writes): ${figures.peakRssMb.toFixed(0)} MB`,
  );
  return { pass, lines, quarters: { second, last } };
}
