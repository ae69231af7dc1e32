// Mutations answer `{ success message ... }` (the seed's shape). Expected failures, bad input
// and not-found, become `success: false` with a message naming the field; anything else is
// a GraphQL error (UNAUTHENTICATED, SERVICE_UNAVAILABLE, or a masked internal error).
import { AppError, type ErrorCode } from '../lib/errors.ts';
import { builder } from './builder.ts';

const PAYLOAD_ERROR_CODES = ['BAD_USER_INPUT', 'NOT_FOUND'] as const satisfies readonly ErrorCode[];
type PayloadErrorCode = (typeof PAYLOAD_ERROR_CODES)[number];

export interface Outcome<T> {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
  value: T | null;
}

const isPayloadError = (error: unknown): error is AppError & { code: PayloadErrorCode } =>
  error instanceof AppError && (PAYLOAD_ERROR_CODES as readonly string[]).includes(error.code);

/** `successMessage` may depend on the value (a reminder's "the time has already passed"). */
export async function attempt<T>(
  successMessage: string | ((value: T) => string),
  run: () => Promise<T>,
): Promise<Outcome<T>> {
  try {
    const value = await run();
    const message = typeof successMessage === 'function' ? successMessage(value) : successMessage;
    return { success: true, message, code: null, field: null, value };
  } catch (error) {
    if (!isPayloadError(error)) throw error;
    return { success: false, message: error.message, code: error.code, field: error.field ?? null, value: null };
  }
}

export const PayloadErrorCodeEnum = builder.enumType('PayloadErrorCode', {
  description: 'Why a mutation answered success: false.',
  values: PAYLOAD_ERROR_CODES,
});

export const MutationPayload = builder.interfaceRef<Outcome<unknown>>('MutationPayload').implement({
  description: 'What every mutation answers.',
  fields: (t) => ({
    success: t.exposeBoolean('success'),
    message: t.exposeString('message', { description: 'What happened; on failure, names the field at fault.' }),
    code: t.field({ type: PayloadErrorCodeEnum, nullable: true, resolve: (outcome) => outcome.code }),
    field: t.exposeString('field', { nullable: true, description: 'The input field at fault, e.g. jobData.status.' }),
  }),
});
