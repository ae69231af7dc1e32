// Child processes for the tests that need real servers: a free loopback port, a throwaway
// redis-server, and the API itself started as `node --import tsx src/main.ts`.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it, then it is released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Sends `signal` to a child that is still running and resolves with its exit code once it has exited. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}

export interface RedisServerHandle {
  child: ChildProcess;
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Stops the server (SIGTERM by default) and waits for it to exit; does nothing once it has. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** SIGKILL, as a crash would, and waits for it to exit; does nothing once it has. */
  kill(): Promise<void>;
}

export interface RedisServerOptions {
  port: number;
  /** More redis-server arguments, after the loopback-only, no-persistence ones. */
  args?: readonly string[];
  /** How long it may take to say it is ready. */
  timeoutMs?: number;
}

/** Starts redis-server on 127.0.0.1:`port` with no persistence and resolves once it accepts connections. */
export async function startRedisServer({
  port,
  args = [],
  timeoutMs = 10_000,
}: RedisServerOptions): Promise<RedisServerHandle> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start within ${timeoutMs / 1000} s:\n${output}`)),
        timeoutMs,
      );
      const onReady = () => {
        if (/ready to accept connections/i.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onReady);
      child.stderr.on('data', onReady);
      child.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          error.code === 'ENOENT'
            ? new Error(
                'redis-server is not on PATH: this test needs the redis-server binary (apt-get install redis-server)',
              )
            : error,
        );
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
      });
    });
  } catch (error) {
    await stopProcess(child, 'SIGKILL');
    throw error;
  }
  // Keep draining its output so that it never blocks on a full pipe.
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.resume();
  return {
    child,
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async (signal = 'SIGTERM') => void (await stopProcess(child, signal)),
    kill: async () => void (await stopProcess(child, 'SIGKILL')),
  };
}

export interface ApiProcess {
  child: ChildProcess;
  /** The address it listens on, from its "API listening on" log line. */
  url: string;
  /** Its stdout lines and stderr chunks, collected for as long as it runs. */
  output: string[];
}

export interface ApiProcessOptions {
  /**
   * Laid over this process's environment; `undefined` removes a variable. The process always
   * runs in development mode, logs at info and listens on 127.0.0.1 on a port of its own.
   */
  env: Record<string, string | undefined>;
  /** How many "API listening on" lines to wait for (one per worker process). */
  listeners?: number;
  /** How long it may take to start. */
  timeoutMs?: number;
}

/** Starts the API (`node --import tsx src/main.ts`) and resolves once it (every worker) listens. */
export async function startApiProcess({
  env,
  listeners = 1,
  timeoutMs = 60_000,
}: ApiProcessOptions): Promise<ApiProcess> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '0',
  };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: childEnv,
    stdio: 'pipe',
  });
  const output: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no start within ${timeoutMs / 1000} s:\n${output.join('\n')}`)),
        timeoutMs,
      );
      let listening = 0;
      lines.on('line', (line) => {
        output.push(line);
        const match = /API listening on (http:\/\/[\d.]+:\d+)/.exec(line);
        // With worker processes every one says so; the port is shared.
        if (match?.[1] && ++listening === listeners) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the API process exited with ${code}:\n${output.join('\n')}`));
      });
    });
    return { child, url, output };
  } catch (error) {
    await stopProcess(child, 'SIGKILL');
    throw error;
  }
}
