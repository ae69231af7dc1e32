// Configuration: defaults, validation naming the variable, and production's refusals.
import { describe, expect, it } from 'vitest';
import { bcryptThreadsForThisMachine } from '../../src/config/cpu-budget.ts';
import { loadConfig, PLACEHOLDER_SECRETS } from '../../src/config/env.ts';
import { problemsOf } from '../support/config.ts';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://app@db.internal:5432/job_tracker',
  REDIS_URL: 'redis://cache.internal:6379/0',
  SMTP_URL: 'smtp://mail.internal:587',
  JWT_SECRET_KEY: 'a'.repeat(48),
  SECRET_KEY: 'b'.repeat(48),
};

describe('loadConfig', () => {
  it('has the seed’s defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 5000,
      databaseUrl: undefined,
      redisUrl: undefined,
      jwt: { algorithm: 'HS256', accessTokenTtlSeconds: 30 * 60, secret: PLACEHOLDER_SECRETS.JWT_SECRET_KEY },
      otpExpirySeconds: 300,
      bcryptCost: 12,
      bcryptThreads: bcryptThreadsForThisMachine(),
      smtpUrl: undefined,
      logLevel: 'info',
      isProduction: false,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://u@h:5432/d',
      REDIS_URL: 'redis://h:6379/2',
      JWT_ALGORITHM: 'HS512',
      JWT_ACCESS_TOKEN_EXPIRE_MINUTES: '15',
      OTP_EXPIRY_SECONDS: '120',
      LOG_LEVEL: 'debug',
      BCRYPT_THREADS: '3',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgresql://u@h:5432/d',
      redisUrl: 'redis://h:6379/2',
      jwt: { algorithm: 'HS512', accessTokenTtlSeconds: 900 },
      otpExpirySeconds: 120,
      logLevel: 'debug',
      bcryptThreads: 3,
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: ' ' })).toMatchObject({ databaseUrl: undefined, port: 5000 });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://u@h/d'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://h:6379'],
    ['JWT_ALGORITHM', 'none'],
    ['JWT_ALGORITHM', 'RS256'],
    ['JWT_ACCESS_TOKEN_EXPIRE_MINUTES', '0'],
    ['OTP_EXPIRY_SECONDS', '-5'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['BCRYPT_COST', '3'],
    ['BCRYPT_COST', '16'],
    ['BCRYPT_THREADS', '0'],
    ['BCRYPT_THREADS', 'all'],
    ['BCRYPT_THREADS', '65'],
    ['SMTP_URL', 'http://mail:25'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('accepts a complete production configuration', () => {
    expect(loadConfig(PRODUCTION).isProduction).toBe(true);
  });

  it.each([
    ['JWT_SECRET_KEY', PLACEHOLDER_SECRETS.JWT_SECRET_KEY],
    ['SECRET_KEY', PLACEHOLDER_SECRETS.SECRET_KEY],
  ])('refuses the documented placeholder %s in production', (name, placeholder) => {
    expect(problemsOf({ ...PRODUCTION, [name]: placeholder })).toEqual([
      expect.stringMatching(new RegExp(`^${name}: the documented placeholder is refused`)),
    ]);
  });

  it('refuses a weak bcrypt cost in production', () => {
    expect(problemsOf({ ...PRODUCTION, BCRYPT_COST: '8' })).toEqual([
      expect.stringMatching(/^BCRYPT_COST: must be at least 10 in production/),
    ]);
  });

  it('refuses short secrets in production', () => {
    expect(problemsOf({ ...PRODUCTION, JWT_SECRET_KEY: 'short' })).toEqual([
      expect.stringMatching(/^JWT_SECRET_KEY: must be at least 32 characters/),
    ]);
  });

  it('refuses JWT_SECRET_KEY equal to SECRET_KEY in production, naming both', () => {
    const shared = 'c'.repeat(48);
    expect(problemsOf({ ...PRODUCTION, JWT_SECRET_KEY: shared, SECRET_KEY: shared })).toEqual([
      expect.stringMatching(/^JWT_SECRET_KEY, SECRET_KEY: must differ in production/),
    ]);
    // Outside production the shared development defaults are not a concern of this rule.
    expect(problemsOf({ JWT_SECRET_KEY: shared, SECRET_KEY: shared })).toEqual([]);
  });

  it.each(['DATABASE_URL', 'REDIS_URL', 'SMTP_URL'])('requires %s in production', (name) => {
    const env: Record<string, string> = { ...PRODUCTION };
    delete env[name];
    expect(problemsOf(env)).toEqual([expect.stringMatching(new RegExp(`^${name}: is required in production`))]);
  });

  it('accepts a Redis Cluster instead of REDIS_URL, in production too', () => {
    const env: Record<string, string> = { ...PRODUCTION, REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001' };
    delete env.REDIS_URL;
    expect(loadConfig(env).redisClusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
    ]);
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'localhost' })).toEqual([
      expect.stringMatching(/^REDIS_CLUSTER_NODES: must be host:port pairs/),
    ]);
  });

  it('reads TRUST_PROXY as off, a hop count, or proxy addresses', () => {
    expect(loadConfig({}).trustProxy).toEqual({ mode: 'off' });
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toEqual({ mode: 'off' });
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toEqual({ mode: 'off' });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toEqual({ mode: 'hops', hops: 2 });
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7 ,fd00::/8,loopback' }).trustProxy).toEqual({
      mode: 'addresses',
      addresses: ['10.0.0.0/8', '192.0.2.7', 'fd00::/8', 'loopback'],
    });
  });

  it.each([
    ['true', /^TRUST_PROXY: "true" is no longer accepted.*number of proxies/],
    ['yes', /^TRUST_PROXY: "yes" is no longer accepted/],
    ['33', /^TRUST_PROXY: a hop count must be at most 32/],
    ['10.0.0.0/8, proxy.internal', /^TRUST_PROXY: "proxy.internal" is not a hop count, an IP address, a CIDR range/],
    ['10.0.0.0/33', /^TRUST_PROXY: "10.0.0.0\/33" is not/],
    [' , ', /^TRUST_PROXY: must be a hop count or proxy addresses/],
  ])('refuses TRUST_PROXY=%s with a message naming it', (value, message) => {
    expect(problemsOf({ TRUST_PROXY: value })).toEqual([expect.stringMatching(message)]);
  });

  it('reads METRICS_TOKEN, refusing a short one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-scrape-token' }).metricsToken).toBe('a-long-enough-scrape-token');
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toEqual([
      expect.stringMatching(/^METRICS_TOKEN: must be at least 16 characters/),
    ]);
  });
});
