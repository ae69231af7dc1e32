// Which JobPayload answers were written by createJob, and for whom: only those resolve
// `possibleDuplicates` (every other mutation answering a JobPayload gets an empty list). Weakly
// held, so an answer is forgotten with its request.
import type { Outcome } from '../../graphql/payload.ts';
import type { JobView } from './job.views.ts';

const createdBy = new WeakMap<Outcome<JobView>, string>();

/** Marks createJob's answer as written for `ownerId`; answers it unchanged. */
export function rememberCreated(outcome: Outcome<JobView>, ownerId: string): Outcome<JobView> {
  createdBy.set(outcome, ownerId);
  return outcome;
}

/** The owner createJob wrote this answer for, or undefined when another mutation answered it. */
export const createdFor = (outcome: Outcome<JobView>): string | undefined => createdBy.get(outcome);
