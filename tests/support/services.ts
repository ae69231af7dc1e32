// Service-level tests: the services that src/services.ts builds, called directly (no HTTP, no
// GraphQL) over the file's own database and Redis key prefix, those of its test app.
import { beforeAll } from 'vitest';
import { AppError } from '../../src/lib/errors.ts';
import { createServices, type Services } from '../../src/services.ts';
import { lateBound, useTestApp, type TestAppFixture, type UseTestAppOptions } from './test-app.ts';

export interface ServicesFixture {
  /** The test app: its database (`t.db`) to arrange and inspect rows, `t.createUser()`, `t.smtp`. */
  t: TestAppFixture;
  /** Built in beforeAll from the app's own dependencies. */
  services: Services;
}

export function useTestServices(options: UseTestAppOptions = {}): ServicesFixture {
  const t = useTestApp(options);
  let services: Services | undefined;
  beforeAll(() => {
    services = createServices(t.deps);
  });
  return { t, services: lateBound('The services', () => services) };
}

/** Awaits a call that must fail with an AppError, and answers that error (anything else fails). */
export async function appError(call: Promise<unknown>): Promise<AppError> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`Expected an AppError, but the call answered ${JSON.stringify(result)}`);
}
