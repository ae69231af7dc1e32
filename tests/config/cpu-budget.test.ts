// The default number of bcrypt threads: cores without a CPU quota, one less than the quota with one.
import { describe, expect, it } from 'vitest';
import { cgroupCpuQuota, defaultBcryptThreads, MAX_DEFAULT_BCRYPT_THREADS } from '../../src/config/cpu-budget.ts';

describe('cgroupCpuQuota', () => {
  it.each([
    ['max 100000\n', undefined],
    ['200000 100000\n', 2],
    ['150000 100000', 1.5],
    ['50000 100000', 0.5],
    ['', undefined],
    [undefined, undefined],
    ['garbage', undefined],
    ['0 100000', undefined],
  ])('reads cpu.max %j as %j CPUs', (cpuMax, cpus) => {
    expect(cgroupCpuQuota(cpuMax)).toBe(cpus);
  });
});

describe('defaultBcryptThreads', () => {
  it('uses every core without a quota, up to the cap', () => {
    expect(MAX_DEFAULT_BCRYPT_THREADS).toBe(4);
    expect(defaultBcryptThreads(1, undefined)).toBe(1);
    expect(defaultBcryptThreads(2, undefined)).toBe(2);
    expect(defaultBcryptThreads(64, undefined)).toBe(4);
  });

  it('leaves one CPU of a quota to the event loop, and never goes below one thread', () => {
    expect(defaultBcryptThreads(64, 2)).toBe(1);
    expect(defaultBcryptThreads(64, 1.5)).toBe(1);
    expect(defaultBcryptThreads(64, 0.5)).toBe(1);
    expect(defaultBcryptThreads(64, 3)).toBe(2);
    expect(defaultBcryptThreads(2, 8)).toBe(2);
    expect(defaultBcryptThreads(64, 16)).toBe(4);
  });
});
