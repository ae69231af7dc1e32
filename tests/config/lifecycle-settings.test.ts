// The shutdown and slow-client settings: defaults, and validation naming the variable.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.ts';
import { problemsOf } from '../support/config.ts';

describe('shutdown and idle-timeout settings', () => {
  it('default to a 5 s readiness grace, a 10 s drain and a 5 s idle timeout', () => {
    expect(loadConfig({})).toMatchObject({
      shutdown: { readinessGraceMs: 5_000, drainMs: 10_000 },
      httpIdleTimeoutMs: 5_000,
    });
  });

  it('are read in seconds', () => {
    const config = loadConfig({
      SHUTDOWN_READINESS_GRACE_SECONDS: '0',
      SHUTDOWN_DRAIN_SECONDS: '25',
      HTTP_IDLE_TIMEOUT_SECONDS: '30',
    });
    expect(config).toMatchObject({ shutdown: { readinessGraceMs: 0, drainMs: 25_000 }, httpIdleTimeoutMs: 30_000 });
  });

  it('refuse values out of range or not whole seconds, naming the variable', () => {
    expect(
      problemsOf({
        SHUTDOWN_READINESS_GRACE_SECONDS: '-1',
        SHUTDOWN_DRAIN_SECONDS: '0',
        HTTP_IDLE_TIMEOUT_SECONDS: '1.5',
      }),
    ).toEqual([
      'SHUTDOWN_READINESS_GRACE_SECONDS: must be a whole number',
      'SHUTDOWN_DRAIN_SECONDS: must be at least 1',
      'HTTP_IDLE_TIMEOUT_SECONDS: must be a whole number',
    ]);
  });
});
