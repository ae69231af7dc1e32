// Interviews of jobs. An interview belongs to its job's owner (user_id is kept on the row for the
// by-time index); every query is filtered by that owner, so another user's interview, job or
// contact behaves exactly like one that does not exist. Reads answer views built in SQL.
//
// Scheduling an interview moves a job that is still `wishlist` or `applied` to `interviewing`
// (SPEC "Contacts, interviews, tasks"), through the jobs module's one status-change method and in
// the same transaction as the interview: a refused interview leaves the job's status as it was.
import { Prisma } from '../../generated/prisma/client.ts';
import type { JobStatus } from '../../generated/prisma/enums.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import {
  NO_REMINDERS,
  withReminderNotice,
  type ReminderHook,
  type WithReminderNotice,
} from '../../lib/reminder-hook.ts';
import { isRecordNotFound, orNotFound } from '../../lib/prisma-errors.ts';
import { parseInput } from '../../lib/validation.ts';
import type { ContactService } from '../contacts/index.ts';
import {
  createInterviewSchema,
  interviewIdSchema,
  upcomingDaysSchema,
  updateInterviewSchema,
  UPCOMING_DAYS,
  type CreateInterviewInput,
  type UpdateInterviewInput,
} from './interview.validation.ts';
import { insertImportedInterviews, type ImportedInterview } from './interview.import.ts';
import { INTERVIEW_JSON, INTERVIEW_ORDER, type InterviewView } from './interview.views.ts';

/** The jobs module's status change (JobService.changeStatusIn), the only code that moves a job. */
export interface JobStatusChanges {
  changeStatusIn(
    tx: Prisma.TransactionClient,
    ownerId: string,
    jobId: string,
    change: { to: JobStatus; from?: readonly JobStatus[]; occurredAt: Date },
  ): Promise<boolean>;
}

/** The contacts module's ownership check (ContactService.ownedIds): which of `ids` are the owner's contacts. */
export type ContactOwnership = Pick<ContactService, 'ownedIds'>;

export interface InterviewServiceOptions {
  /** The clock: "upcoming" starts now, and an auto-advance's status event is dated now. */
  now?: () => Date;
  /** Schedules the interview's reminders (one per lead time) in the write's transaction (handed over by services.ts). */
  reminders?: ReminderHook;
}

/** The statuses an interview moves on to `interviewing`; later ones (offer, rejected, ...) stay. */
export const ADVANCES_FROM: readonly JobStatus[] = ['wishlist', 'applied'];

const DAY_MS = 86_400_000;

/** The same answer for another user's job and a missing one, whichever step finds it missing. */
const jobNotFound = () => notFoundIn('Job', 'interviewData.jobId');

const isForeignKeyViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';

/** NOT_FOUND naming the input field that held the id, the same for another user's row and a missing one. */
const notFoundIn = (what: string, field: string) => new AppError('NOT_FOUND', `${what} not found`, { field });

export class InterviewService {
  private readonly now: () => Date;
  private readonly reminders: ReminderHook;

  constructor(
    private readonly db: Database,
    private readonly jobs: JobStatusChanges,
    private readonly contacts: ContactOwnership,
    options: InterviewServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.reminders = options.reminders ?? NO_REMINDERS;
  }

  /** The owner's interview, or null when it does not exist or belongs to someone else. One statement. */
  async find(ownerId: string, interviewId: string): Promise<InterviewView | null> {
    const id = parseInput(interviewIdSchema, interviewId, 'id');
    const [row] = await this.db.sql.rows<{ interview: InterviewView }>(Prisma.sql`
      SELECT ${INTERVIEW_JSON} AS interview FROM interviews i WHERE i.id = ${id}::uuid AND i.user_id = ${ownerId}::uuid`);
    return row?.interview ?? null;
  }

  /** The interviews of the owner's jobs among `jobIds`, by time per job: one statement for any number of jobs. */
  async listForJobs(ownerId: string, jobIds: readonly string[]): Promise<Map<string, InterviewView[]>> {
    const [row] = await this.db.sql.rows<{ interviews: InterviewView[] }>(Prisma.sql`
      SELECT coalesce(json_agg(${INTERVIEW_JSON} ORDER BY ${INTERVIEW_ORDER}), '[]'::json) AS interviews
      FROM interviews i
      WHERE i.job_id = ANY(${jobIds}::uuid[]) AND i.user_id = ${ownerId}::uuid`);
    const byJob = new Map<string, InterviewView[]>(jobIds.map((jobId) => [jobId, []]));
    for (const interview of row?.interviews ?? []) byJob.get(interview.jobId)?.push(interview);
    return byJob;
  }

  /**
   * The owner's interviews from now until `days` days from now, by time (index
   * interviews_user_id_scheduled_at_id_idx): one statement. `days` 1 to 365, default 14.
   */
  async upcoming(ownerId: string, days: unknown = UPCOMING_DAYS.default): Promise<InterviewView[]> {
    const span = parseInput(upcomingDaysSchema, days, 'days');
    const from = this.now();
    const until = new Date(from.getTime() + span * DAY_MS);
    const [row] = await this.db.sql.rows<{ interviews: InterviewView[] }>(Prisma.sql`
      SELECT coalesce(json_agg(${INTERVIEW_JSON} ORDER BY ${INTERVIEW_ORDER}), '[]'::json) AS interviews
      FROM interviews i
      WHERE i.user_id = ${ownerId}::uuid AND i.scheduled_at >= ${from} AND i.scheduled_at < ${until}`);
    return row?.interviews ?? [];
  }

  /**
   * Schedules an interview on one of the owner's jobs, with the owner's contacts. Unless
   * `keepStatus`, a `wishlist` or `applied` job moves to `interviewing`, its status event dated
   * when the interview is created; all of it in one transaction.
   */
  async create(ownerId: string, input: CreateInterviewInput): Promise<WithReminderNotice<InterviewView>> {
    const { jobId, contactIds, keepStatus, ...data } = parseInput(createInterviewSchema, input, 'interviewData');
    const now = this.now();
    const id = await this.db.$transaction(async (tx) => {
      // The status change first: it locks the job row (FOR UPDATE) before the interview's insert
      // takes its foreign-key share lock. The other way round, two interviews scheduled at once on
      // one job would each hold the share lock and wait for the other's: a deadlock.
      if (!keepStatus) {
        await this.jobs
          .changeStatusIn(tx, ownerId, jobId, { to: 'interviewing', from: ADVANCES_FROM, occurredAt: now })
          .catch((error: unknown) => {
            throw error instanceof AppError && error.code === 'NOT_FOUND' ? jobNotFound() : error;
          });
      }
      // The owner is part of the connect filter: an interview is only ever added to one's own job.
      const interview = await tx.interview
        .create({
          data: {
            ...data,
            createdAt: now,
            updatedAt: now,
            user: { connect: { id: ownerId } },
            job: { connect: { id: jobId, userId: ownerId } },
          },
          select: { id: true },
        })
        .catch((error: unknown) => {
          throw isRecordNotFound(error) ? jobNotFound() : error;
        });
      await this.reminders.reschedule(tx, {
        kind: 'interview',
        itemId: interview.id,
        userId: ownerId,
        at: remindedAt(data),
        now,
      });
      // A refused contact rolls the whole write back, its reminders included.
      await this.linkContacts(tx, ownerId, interview.id, contactIds, 'interviewData.contactIds');
      return interview.id;
    });
    return withReminderNotice(await this.written(ownerId, id), data.scheduledAt, now);
  }

  /** Changes the fields given; `contactIds` replaces the set. The job never changes. */
  async update(
    ownerId: string,
    interviewId: string,
    input: UpdateInterviewInput,
  ): Promise<WithReminderNotice<InterviewView>> {
    const id = parseInput(interviewIdSchema, interviewId, 'id');
    const { contactIds, ...data } = parseInput(updateInterviewSchema, input, 'interviewData');
    const now = this.now();
    await this.db.$transaction(async (tx) => {
      const updated = await orNotFound(
        'Interview',
        tx.interview.update({
          where: { id, userId: ownerId },
          data: { ...data, updatedAt: now },
          select: { id: true, scheduledAt: true, outcome: true },
        }),
      );
      // A new time reschedules every lead time's reminder (the old ones are cancelled); so does
      // the outcome: cancelled cancels them, un-cancelled brings back those still ahead.
      if (data.scheduledAt || data.outcome !== undefined) {
        await this.reminders.reschedule(tx, {
          kind: 'interview',
          itemId: id,
          userId: ownerId,
          at: remindedAt(updated),
          now,
        });
      }
      if (contactIds) {
        await tx.interviewContact.deleteMany({ where: { interviewId: id } });
        await this.linkContacts(tx, ownerId, id, contactIds, 'interviewData.contactIds');
      }
    });
    return withReminderNotice(await this.written(ownerId, id), data.scheduledAt, now);
  }

  /** Deletes the interview (its contact links go with it); the job's status stays. */
  async delete(ownerId: string, interviewId: string): Promise<{ id: string; jobId: string }> {
    const id = parseInput(interviewIdSchema, interviewId, 'id');
    // Its reminders are cancelled in the same transaction.
    return orNotFound(
      'Interview',
      this.db.$transaction(async (tx) => {
        const deleted = await tx.interview.delete({
          where: { id, userId: ownerId },
          select: { id: true, jobId: true },
        });
        await this.reminders.reschedule(tx, {
          kind: 'interview',
          itemId: id,
          userId: ownerId,
          at: null,
          now: this.now(),
        });
        return deleted;
      }),
    );
  }

  /** Links the owner's contacts `contactIds`; any other id (someone else's, missing) fails NOT_FOUND naming `field`. */
  private async linkContacts(
    tx: Prisma.TransactionClient,
    ownerId: string,
    interviewId: string,
    contactIds: readonly string[],
    field: string,
  ): Promise<void> {
    if (contactIds.length === 0) return;
    const owned = new Set(await this.contacts.ownedIds(tx, ownerId, contactIds));
    if (contactIds.some((contactId) => !owned.has(contactId))) throw notFoundIn('Contact', field);
    await tx.interviewContact
      .createMany({ data: contactIds.map((contactId) => ({ interviewId, contactId })) })
      .catch((error: unknown) => {
        // A contact deleted between the check and the insert: as if it had never been there.
        throw isForeignKeyViolation(error) ? notFoundIn('Contact', field) : error;
      });
  }

  /** The interview a write just committed, as reads answer it. */
  private async written(ownerId: string, id: string): Promise<InterviewView> {
    const interview = await this.find(ownerId, id);
    // Deleted between the commit and this read (a concurrent deleteInterview): as if missing.
    if (!interview) throw AppError.notFound('Interview');
    return interview;
  }

  /**
   * An import's bulk path: inside `tx` (the import's), the owner's `interviews` on jobs of theirs
   * the caller has just written, with the contacts (the owner's, mapped by the caller) they are
   * with and the reminders of those after `now` that are not cancelled (interview.import.ts).
   */
  importIn(
    tx: Prisma.TransactionClient,
    ownerId: string,
    interviews: readonly ImportedInterview[],
    now: Date,
  ): Promise<void> {
    return insertImportedInterviews(tx, this.reminders, ownerId, interviews, now);
  }
}

/** When an interview is to be reminded of: its time, unless it was called off. */
function remindedAt(interview: { scheduledAt: Date; outcome?: string | null }): Date | null {
  return interview.outcome === 'cancelled' ? null : interview.scheduledAt;
}
