// Load for the outage tests: requests kept in flight against a running app, every answer recorded
// and timed, and helpers to wait on, check and show those records.
import { expect, vi } from 'vitest';

/**
 * The load client gives up on a request after this long. It is no latency bound (a busy machine
 * can be slow, and how fast an outage answers is a figure of `npm run bench`): only a hang, which
 * the outage tests must never see, gets near it.
 */
export const CLIENT_TIMEOUT_MS = 45_000;

/** How long the load waits for answers to come (an outcome that never comes fails the test). */
const ANSWERS_TIMEOUT_MS = 45_000;

/** One request as the load client saw it. */
export interface Outcome<K extends string = string> {
  kind: K;
  started: number;
  ended: number;
  ms: number;
  status: number | null;
  contentType: string;
  text: string;
  /** The client gave up (timeout) or the connection failed. */
  failure?: string;
}

export interface Load<O extends Outcome> {
  /** Every answer so far, in the order they came. */
  outcomes: O[];
  /** Waits until at least `count` requests started at or after `since` have been answered. */
  waitForAnswers(count: number, since?: number): Promise<void>;
  /** Waits until requests have kept being sent for `ms` after `since`. */
  keepRunningFor(since: number, ms: number): Promise<void>;
  /** Lets the requests in flight finish, starts no more, and resolves with every answer. */
  stop(): Promise<O[]>;
}

/** Sends one request with a client-side timeout and records its answer, or why there was none. */
export async function timedFetch<K extends string>(
  kind: K,
  url: string,
  init: RequestInit,
  timeoutMs = CLIENT_TIMEOUT_MS,
): Promise<Outcome<K>> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const ended = performance.now();
    const contentType = response.headers.get('content-type') ?? '';
    return { kind, started, ended, ms: ended - started, status: response.status, contentType, text };
  } catch (error) {
    const ended = performance.now();
    const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { kind, started, ended, ms: ended - started, status: null, contentType: '', text: '', failure };
  }
}

/** Keeps `concurrency` requests in flight, cycling through the kinds, until stopped. */
export function startLoad<O extends Outcome>(
  concurrency: number,
  kinds: readonly O['kind'][],
  call: (kind: O['kind']) => Promise<O>,
): Load<O> {
  const outcomes: O[] = [];
  let running = true;
  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (running) {
      const kind = kinds[next++ % kinds.length]!;
      outcomes.push(await call(kind));
    }
  });
  return {
    outcomes,
    async waitForAnswers(count, since = -Infinity) {
      await vi.waitFor(
        () => expect(outcomes.filter((outcome) => outcome.started >= since).length).toBeGreaterThanOrEqual(count),
        { timeout: ANSWERS_TIMEOUT_MS, interval: 50 },
      );
    },
    async keepRunningFor(since, ms) {
      await vi.waitFor(
        () => {
          const last = outcomes.at(-1);
          expect(last && last.started - since).toBeGreaterThanOrEqual(ms);
        },
        { timeout: ms + ANSWERS_TIMEOUT_MS, interval: 50 },
      );
    },
    async stop(): Promise<O[]> {
      running = false;
      await Promise.all(workers);
      return outcomes;
    },
  };
}

/** The code of a REST body ({ code }) or of a GraphQL body ({ errors: [{ extensions: { code } }] }). */
export function errorCodes(text: string): string[] {
  const body = JSON.parse(text) as Record<string, any>;
  if (typeof body.code === 'string') return [body.code];
  return ((body.errors ?? []) as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code ?? '');
}

/** One line about an outcome, for failure messages. */
export function describeOutcome(outcome: Outcome): string {
  return `${outcome.kind} -> ${outcome.status ?? outcome.failure} in ${Math.round(outcome.ms)} ms: ${outcome.text.slice(0, 300)}`;
}

/** Expects a JSON SERVICE_UNAVAILABLE that contains none of `leaks` and does not match `forbidden`. */
export function expectOpaqueUnavailable(outcome: Outcome, leaks: readonly string[], forbidden: RegExp): void {
  expect(outcome.contentType, describeOutcome(outcome)).toMatch(/json/);
  expect(errorCodes(outcome.text), describeOutcome(outcome)).toEqual(['SERVICE_UNAVAILABLE']);
  for (const leak of leaks) expect(outcome.text, describeOutcome(outcome)).not.toContain(leak);
  expect(outcome.text).not.toMatch(forbidden);
}
