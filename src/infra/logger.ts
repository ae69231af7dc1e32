// Structured logging: JSON in production, readable lines in development.
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type { Config } from '../config/env.ts';

export type { Logger };

/** Fields that must never reach a log line, wherever they sit. */
const REDACTED_PATHS = [
  'password',
  'newPassword',
  'code',
  'token',
  'accessToken',
  '*.password',
  '*.newPassword',
  '*.code',
  '*.token',
  '*.accessToken',
  'req.headers.authorization',
  'headers.authorization',
];

function prettyTransportAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export function createLogger(config: Pick<Config, 'logLevel' | 'isProduction'>): Logger {
  const pretty = !config.isProduction && process.stdout.isTTY && prettyTransportAvailable();
  return pino({
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}),
  });
}
