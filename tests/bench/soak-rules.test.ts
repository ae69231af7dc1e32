// The soak benchmark's verdict (bench/lib/soak-rules.ts) on made-up samples: it passes a flat
// run and fails each way a run can go wrong, a run with no traffic included.
import { describe, expect, it } from 'vitest';
import { verdict, type MemorySample, type SoakFigures } from '../../bench/lib/soak-rules.ts';

const DURATION = 400;

/** A sample every 5 s; `heapAt` and `rssAt` give the figures at each second of the run. */
function run(heapAt: (at: number) => number, rssAt: (at: number) => number = () => 150): MemorySample[] {
  return Array.from({ length: DURATION / 5 }, (_, index) => {
    const at = index * 5;
    return { at, heapUsedMb: heapAt(at), heapTotalMb: 80, rssMb: rssAt(at), requests: index * 100 };
  });
}

const figures = (overrides: Partial<SoakFigures> = {}): SoakFigures => ({
  // A sawtooth, as garbage collection draws it: flat on average.
  samples: run((at) => 40 + (at % 30) / 3),
  heapLimitMb: 152,
  peakRssMb: 250,
  jobsPeakRssMb: 140,
  ok: { auth: 10, data: 100, pages: 20, metrics: 80, jobsBurst: 1000 },
  failed: 0,
  crashed: null,
  ...overrides,
});

const failures = (result: ReturnType<typeof verdict>) => result.lines.filter((line) => line.startsWith('FAIL'));

describe('the soak verdict', () => {
  it('passes a run with flat heap and RSS', () => {
    const result = verdict(figures(), DURATION);
    expect(failures(result)).toEqual([]);
    expect(result.pass).toBe(true);
  });

  it('fails a heap that keeps growing (last quarter vs second)', () => {
    const result = verdict(figures({ samples: run((at) => 40 + at / 10) }), DURATION);
    expect(result.pass).toBe(false);
    expect(failures(result)).toEqual([expect.stringContaining('median used heap')]);
  });

  it('fails an RSS that keeps growing', () => {
    const result = verdict(
      figures({
        samples: run(
          () => 45,
          (at) => 150 + at / 4,
        ),
      }),
      DURATION,
    );
    expect(failures(result)).toEqual([expect.stringContaining('median RSS')]);
  });

  it('fails a heap above 70% of its limit, even once', () => {
    const samples = run(() => 45);
    samples[10]!.heapUsedMb = 0.71 * 152;
    expect(failures(verdict(figures({ samples }), DURATION))).toEqual([expect.stringContaining('highest used heap')]);
  });

  it('fails a crash, a kind of traffic with no successful answer, too many failures, and a high jobs RSS', () => {
    expect(failures(verdict(figures({ crashed: 'exit 134 after 200 s' }), DURATION))).toEqual([
      expect.stringContaining('exit 134'),
    ]);
    expect(
      failures(verdict(figures({ ok: { auth: 0, data: 100, pages: 20, metrics: 80, jobsBurst: 10 } }), DURATION)),
    ).toEqual([expect.stringContaining('no successful traffic of: auth')]);
    expect(failures(verdict(figures({ samples: [] }), DURATION))[0]).toContain('0 samples');
    expect(failures(verdict(figures({ failed: 5 }), DURATION))).toEqual([expect.stringContaining('5 unexpected')]);
    expect(failures(verdict(figures({ jobsPeakRssMb: 201 }), DURATION))).toEqual([
      expect.stringContaining('under the jobs load'),
    ]);
  });
});
