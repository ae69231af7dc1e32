// The status history's one ordering rule, shared by every writer of job_status_events.

/**
 * When an event asked for at `at` is written after the event at `previous`: at `at`, or 1 ms after
 * `previous` when `at` is not later (the same millisecond, or a clock that stepped back). The
 * history sorts by occurredAt, so an event never sorts before the one it follows.
 */
export function eventTimeAfter(previous: Date, at: Date): Date {
  return at.getTime() > previous.getTime() ? at : new Date(previous.getTime() + 1);
}
