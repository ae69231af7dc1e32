// The one place an email becomes the form it is stored and keyed in (SPEC "Data": lower-cased and
// trimmed). The brand makes the compiler refuse a raw email where a normalised one is due (the OTP
// keys: `otp:login:{Ann@x.io}` and `otp:login:{ann@x.io}` would be two sets of counters).

export type NormalizedEmail = string & { readonly __brand: 'NormalizedEmail' };

/** The only maker of a NormalizedEmail. Idempotent. */
export function normalizeEmail(raw: string): NormalizedEmail {
  return raw.trim().toLowerCase() as NormalizedEmail;
}
