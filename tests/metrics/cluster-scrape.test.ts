// A worker's scrape asks the primary over IPC; it must never hang. Here the IPC channel is a stand-in
// and the clock is vitest's (tests/process/cluster-metrics.test.ts runs a real cluster).
import { EventEmitter } from 'node:events';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLUSTER_SCRAPE_TIMEOUT_MS, ClusterScrapeError, clusterScrape } from '../../src/metrics/cluster.ts';
import { createTestApp } from '../support/test-app.ts';

interface Sent {
  type: string;
  id: number;
}

/** The worker's end of the channel; `reply` plays the primary. */
function channel() {
  const events = new EventEmitter();
  const sent: Sent[] = [];
  return {
    sent,
    on: (event: 'message', listener: (message: unknown) => void) => events.on(event, listener),
    send: (message: unknown) => {
      sent.push(message as Sent);
      return true;
    },
    reply: (message: unknown) => events.emit('message', message),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a cluster worker’s scrape', () => {
  it('resolves with the text the primary sends back for its request, ignoring other replies', async () => {
    const primary = channel();
    const scrape = clusterScrape(new Registry(), { channel: primary });
    const text = scrape();
    const [request] = primary.sent;
    expect(request).toMatchObject({ type: 'jat:metrics-request' });
    primary.reply({ type: 'jat:metrics-reply', id: request!.id + 1, text: 'not this one' });
    primary.reply({ type: 'something else' });
    primary.reply({ type: 'jat:metrics-reply', id: request!.id, text: 'up 1\n' });
    await expect(text).resolves.toBe('up 1\n');
  });

  it('rejects when the primary reports a failure', async () => {
    const primary = channel();
    const text = clusterScrape(new Registry(), { channel: primary })();
    primary.reply({ type: 'jat:metrics-reply', id: primary.sent[0]!.id, error: 'Operation timed out.' });
    await expect(text).rejects.toThrow(/the primary could not collect metrics: Operation timed out/);
  });

  it(`gives up after ${CLUSTER_SCRAPE_TIMEOUT_MS} ms without an answer, and a late one changes nothing`, async () => {
    const primary = channel();
    const text = clusterScrape(new Registry(), { channel: primary })();
    const settled = vi.fn();
    text.then(settled, settled);
    await vi.advanceTimersByTimeAsync(CLUSTER_SCRAPE_TIMEOUT_MS - 1);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(text).rejects.toBeInstanceOf(ClusterScrapeError);
    primary.reply({ type: 'jat:metrics-reply', id: primary.sent[0]!.id, text: 'late' });
  });

  it('makes /metrics answer 503 when the primary does not answer', async () => {
    vi.useRealTimers();
    const silent = channel();
    const app = await createTestApp({
      metrics: { makeScrape: (registry) => clusterScrape(registry, { channel: silent, timeoutMs: 1 }) },
    });
    try {
      const response = await app.fetch('/metrics');
      expect(response.status).toBe(503);
      expect(silent.sent).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
