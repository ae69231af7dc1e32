// Service-level tests: the services that src/services.ts builds, called directly (no HTTP, no
// GraphQL) over the file's own database and Redis key prefix, those of its test app.
import { beforeAll, expect } from 'vitest';
import { AppError } from '../../src/lib/errors.ts';
import { createServices, type Services } from '../../src/services.ts';
import { rejectionOf } from './rejection.ts';
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
export const appError = (call: Promise<unknown>): Promise<AppError> => rejectionOf(call, AppError);

/** The call fails BAD_USER_INPUT naming `field`: in `field`, and first in its message. */
export async function expectInvalidInput(call: Promise<unknown>, field: string, message: string): Promise<void> {
  const error = await appError(call);
  expect({ code: error.code, field: error.field, message: error.message }).toEqual({
    code: 'BAD_USER_INPUT',
    field,
    message: `${field} ${message}`,
  });
}
