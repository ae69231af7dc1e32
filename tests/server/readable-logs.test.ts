// Logs are human-readable (pino-pretty) only in development on a terminal; JSON everywhere else
// (issue 13). A child process logs one line with stdout a pseudo-terminal (util-linux `script`)
// or a pipe, so the check is on the real isTTY and the real transport.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/check-runtime-stage.ts';
import { missingBinary } from '../support/requirements.ts';

const LOG_ONE_LINE = `
import { createLogger } from './src/infra/logger.ts';
const logger = createLogger({ logLevel: 'info', isProduction: process.env.NODE_ENV === 'production' });
logger.info({ answer: 42 }, 'hello from the logger');
logger.flush?.();
`;

const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function logLine(nodeEnv: string, terminal: boolean): string {
  const command = [tsx, '--eval', LOG_ONE_LINE];
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: nodeEnv, NO_COLOR: '1' };
  const quoted = command.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  const result = terminal
    ? spawnSync('script', ['--quiet', '--return', '--command', quoted, '/dev/null'], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      })
    : spawnSync(command[0]!, command.slice(1), { cwd: ROOT, env, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.replaceAll('\r', '').trim();
}

const skipped = missingBinary('script', 'apt-get install util-linux');

describe.skipIf(skipped)('readable logs', () => {
  it('in development on a terminal: pino-pretty lines, not JSON', () => {
    const line = logLine('development', true);
    expect(line).toMatch(/INFO.*hello from the logger/);
    expect(line).toMatch(/answer: 42/);
    expect(line).not.toMatch(/^\{/m);
  });

  it('in development without a terminal (a pipe, a file): one JSON object per line', () => {
    const parsed = JSON.parse(logLine('development', false)) as Record<string, unknown>;
    expect(parsed).toMatchObject({ level: 30, msg: 'hello from the logger', answer: 42 });
  });

  it('in production, even on a terminal: JSON', () => {
    const parsed = JSON.parse(logLine('production', true)) as Record<string, unknown>;
    expect(parsed).toMatchObject({ level: 30, msg: 'hello from the logger', answer: 42 });
  });
});
