/** Awaits a call that must fail with an `ErrorType`, and answers that error (anything else fails the test). */
export async function rejectionOf<E extends Error>(
  call: Promise<unknown>,
  ErrorType: abstract new (...args: never[]) => E,
): Promise<E> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof ErrorType) return error;
    throw error;
  }
  throw new Error(`Expected a ${ErrorType.name}, but the call answered ${JSON.stringify(result)}`);
}
