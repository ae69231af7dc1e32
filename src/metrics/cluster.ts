// With worker processes (WEB_CONCURRENCY > 1) a scrape reaches one worker, but must report all of
// them. The worker asks the primary over the cluster's IPC channel; the primary collects every
// worker's registry with prom-client's AggregatorRegistry, sums them and replies. Both sides
// give up after a while, so that a scrape never hangs.
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const REQUEST = 'jat:metrics-request';
const REPLY = 'jat:metrics-reply';

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}

interface MetricsReply {
  type: typeof REPLY;
  id: number;
  text?: string;
  error?: string;
}

/** How long a worker waits for the primary; the primary waits 5 s for the workers (prom-client's). */
export const CLUSTER_SCRAPE_TIMEOUT_MS = 6_000;

export class ClusterScrapeError extends Error {
  override name = 'ClusterScrapeError';
}

const isRequest = (message: unknown): message is MetricsRequest => (message as MetricsRequest | null)?.type === REQUEST;
const isReply = (message: unknown): message is MetricsReply => (message as MetricsReply | null)?.type === REPLY;

/** In the primary: answers the workers' requests with every worker's metrics, summed. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isRequest(message)) return;
    const reply = (answer: Omit<MetricsReply, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: REPLY, id: message.id, ...answer } satisfies MetricsReply);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/** The worker's side of the IPC channel: `process` in a cluster worker. */
export interface PrimaryChannel {
  send?: (
    message: unknown,
    sendHandle?: undefined,
    options?: undefined,
    callback?: (error: Error | null) => void,
  ) => boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * In a worker: hands `registry` to prom-client (which answers the primary's collection requests)
 * and returns a scrape that asks the primary for the sum over all workers.
 */
export function clusterScrape(
  registry: Registry,
  { channel = process, timeoutMs = CLUSTER_SCRAPE_TIMEOUT_MS }: { channel?: PrimaryChannel; timeoutMs?: number } = {},
): () => Promise<string> {
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one makes prom-client listen for the primary's requests in this worker.
  new AggregatorRegistry();

  let nextId = 0;
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  channel.on('message', (message) => {
    if (!isReply(message)) return;
    const waiting = pending.get(message.id);
    if (!waiting) return; // answered after the timeout
    if (message.text !== undefined) waiting.resolve(message.text);
    else waiting.reject(new ClusterScrapeError(`the primary could not collect metrics: ${message.error}`));
  });

  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const settle = () => {
        clearTimeout(timer);
        pending.delete(id);
      };
      const timer = setTimeout(() => {
        settle();
        reject(new ClusterScrapeError(`no metrics from the primary within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (text) => {
          settle();
          resolve(text);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      if (!channel.send) {
        pending.get(id)?.reject(new ClusterScrapeError('this process has no channel to a primary'));
        return;
      }
      channel.send({ type: REQUEST, id } satisfies MetricsRequest, undefined, undefined, (error) => {
        if (error) pending.get(id)?.reject(new ClusterScrapeError(`cannot reach the primary: ${error.message}`));
      });
    });
}
