// Reads a /metrics answer with a real Prometheus text parser, and sums its samples by labels.
import parsePrometheusTextFormat, { type PrometheusFamily, type PrometheusSample } from 'parse-prometheus-text-format';

export class Scrape {
  /** Each metric family with its HELP and TYPE; parsing throws on any line that is not Prometheus text. */
  readonly families: Map<string, PrometheusFamily>;
  /** Every sample by its series name (a histogram's `_bucket`, `_sum` and `_count` apart), labels kept. */
  private readonly series = new Map<string, PrometheusSample[]>();

  constructor(readonly text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
    // The parser folds a histogram's labelled series into one unlabelled sample; without the TYPE
    // lines it reads each series as it is.
    const untyped = text
      .split('\n')
      .filter((line) => !line.startsWith('# TYPE '))
      .join('\n');
    for (const family of parsePrometheusTextFormat(untyped)) {
      this.series.set(family.name, [...(this.series.get(family.name) ?? []), ...family.metrics]);
    }
  }

  family(name: string): PrometheusFamily {
    const family = this.families.get(name);
    if (!family) throw new Error(`no metric ${name} in the scrape`);
    return family;
  }

  /** The samples of the series `name` whose labels include `labels`. */
  samples(name: string, labels: Record<string, string> = {}): PrometheusSample[] {
    return (this.series.get(name) ?? []).filter((sample) =>
      Object.entries(labels).every(([label, value]) => sample.labels?.[label] === value),
    );
  }

  /** A counter or gauge, summed over the samples that match `labels` (0 when none does). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples(name, labels).reduce((total, sample) => total + Number(sample.value), 0);
  }

  /** A histogram's observation count, summed over the samples that match `labels`. */
  count(name: string, labels: Record<string, string> = {}): number {
    return this.value(`${name}_count`, labels);
  }

  /** A histogram's sum of observations, over the samples that match `labels`. */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.value(`${name}_sum`, labels);
  }

  /** The values `label` takes in the series `name`. */
  labelValues(name: string, label: string): Set<string> {
    return new Set(this.samples(name).flatMap((sample) => sample.labels?.[label] ?? []));
  }
}
