// GET /calendar/<token>.ics is rate limited on Redis (CALENDAR_RATE_LIMIT_PER_MINUTE, 3 here): per
// feed, so one noisy subscriber cannot hold the database busy (and another feed is not affected),
// and per client address for tokens that match no feed, so guessing stops after a few tries (a
// real feed fetched from that address is not held back). Outages: 503 without PostgreSQL, and an
// in-memory limiter without Redis.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { createDatabase } from '../../../src/infra/database.ts';
import { createRedis } from '../../../src/infra/redis.ts';
import { useTestApp } from '../../support/test-app.ts';

const t = useTestApp({ env: { CALENDAR_RATE_LIMIT_PER_MINUTE: '3' } });

async function feedPath(): Promise<string> {
  const user = await t.createUser();
  const { data } = await t.graphql<{ rotateCalendarFeed: { url: string } }>('mutation { rotateCalendarFeed { url } }', {
    token: user.token,
  });
  return new URL(data!.rotateCalendarFeed.url).pathname;
}

describe('the calendar route’s rate limits', () => {
  it('per feed: the 4th fetch in a minute is 429 with Retry-After; another feed still answers', async () => {
    const [noisy, quiet] = await Promise.all([feedPath(), feedPath()]);
    for (let i = 0; i < 3; i++) expect((await t.fetch(noisy)).status).toBe(200);
    const refused = await t.fetch(noisy);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { code: string }).code).toBe('TOO_MANY_REQUESTS');
    // Another feed has its own budget.
    expect((await t.fetch(quiet)).status).toBe(200);
  });

  it('per address: after 3 unknown tokens a minute, the next is 429; a real feed from there still answers', async () => {
    const real = await feedPath();
    for (let i = 0; i < 3; i++) {
      expect((await t.fetch(`/calendar/${String(i).repeat(43)}.ics`)).status).toBe(404);
    }
    const refused = await t.fetch(`/calendar/${'9'.repeat(43)}.ics`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // Old, rotated URLs polled from a calendar service's address do not block its working ones.
    expect((await t.fetch(real)).status).toBe(200);
  });
});

describe('with PostgreSQL down', () => {
  it('the feed answers 503 with Retry-After, never a 500', async () => {
    const path = await feedPath();
    const deadDb = createDatabase({ url: 'postgresql://postgres@127.0.0.1:1/none' });
    const app = createApp({ ...t.deps, db: deadDb });
    try {
      const response = await app.yoga.fetch(new Request(`http://test.local${path}`));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await app.yoga.dispose();
      await deadDb.$disconnect();
    }
  });
});

describe('with Redis down', () => {
  it('the feed still answers: an in-memory limiter per process stands in', async () => {
    const deadRedis = createRedis({ url: 'redis://127.0.0.1:1' });
    deadRedis.on('error', () => undefined);
    const app = createApp({ ...t.deps, redis: deadRedis });
    try {
      const path = await feedPath();
      const fetch = async (url: string) => app.yoga.fetch(new Request(`http://test.local${url}`));
      expect((await fetch(path)).status).toBe(200);
      expect((await fetch(`/calendar/${'z'.repeat(43)}.ics`)).status).toBe(404);
    } finally {
      await app.yoga.dispose();
      deadRedis.disconnect();
    }
  });
});
