// A hand-written history for the stats tests (service and GraphQL): jobs with explicit status
// events and times, and the figures they must add up to, computed by hand below (not by the code
// under test). Times are UTC; the user's zone changes which day and week they fall in.
import type { JobStatus } from '../../../src/generated/prisma/enums.ts';
import type { TestAppFixture } from '../../support/test-app.ts';

export interface SeededJob {
  company: string;
  status: JobStatus;
  appliedOn?: string;
  source?: string;
  archived?: boolean;
  /** The history, oldest first: [status moved to, when (UTC)]. */
  events: [JobStatus, string][];
}

/** Writes the jobs with their events for `userId`; the current status is the last event's. */
export async function seedJobs(t: TestAppFixture, userId: string, jobs: readonly SeededJob[]): Promise<void> {
  for (const job of jobs) {
    await t.db.job.create({
      data: {
        userId,
        companyName: job.company,
        position: 'Engineer',
        status: job.status,
        appliedOn: job.appliedOn ? new Date(`${job.appliedOn}T00:00:00Z`) : null,
        source: job.source ?? null,
        archived: job.archived ?? false,
        statusChangedAt: new Date(job.events.at(-1)?.[1] ?? '2024-01-01T00:00:00Z'),
        statusHistory: {
          create: job.events.map(([toStatus, at], index) => ({
            fromStatus: index === 0 ? null : (job.events[index - 1]?.[0] ?? null),
            toStatus,
            occurredAt: new Date(at),
          })),
        },
      },
    });
  }
}

/** The clock of every figure below: Wednesday 2024-03-20, 12:00 UTC. */
export const NOW = new Date('2024-03-20T12:00:00Z');
/** The window asked for: Friday 2024-03-01 to Sunday 2024-03-17. */
export const WINDOW = { from: '2024-03-01', to: '2024-03-17' };

export const HISTORY: SeededJob[] = [
  // Straight to interviewing (no appliedOn): applied day 03-04; 4 days interviewing, 4 in offer.
  {
    company: 'Straight',
    status: 'accepted',
    source: 'LinkedIn',
    events: [
      ['interviewing', '2024-03-04T10:00:00Z'],
      ['offer', '2024-03-08T10:00:00Z'],
      ['accepted', '2024-03-12T10:00:00Z'],
    ],
  },
  // A rejection after 2 days in applied.
  {
    company: 'Rejects',
    status: 'rejected',
    appliedOn: '2024-03-05',
    source: 'LinkedIn',
    events: [
      ['applied', '2024-03-05T09:00:00Z'],
      ['rejected', '2024-03-07T09:00:00Z'],
    ],
  },
  // A withdrawal: 3 days applied, 12 hours interviewing, then the user withdrew (an end state).
  {
    company: 'Withdrawn',
    status: 'withdrawn',
    source: 'referral',
    events: [
      ['applied', '2024-03-06T12:00:00Z'],
      ['interviewing', '2024-03-09T12:00:00Z'],
      ['withdrawn', '2024-03-10T00:00:00Z'],
    ],
  },
  // Archived, still applied since 03-11 12:00: 9 days open to NOW; not in byStatus nor ghosted.
  {
    company: 'Archived',
    status: 'applied',
    appliedOn: '2024-03-11',
    archived: true,
    events: [['applied', '2024-03-11T12:00:00Z']],
  },
  // Sunday 23:30 UTC, Monday 00:30 in Europe/Berlin: week of 03-04 in UTC, of 03-11 in Berlin.
  // Open applied stint to NOW: 9 days 12.5 hours.
  {
    company: 'Midnight',
    status: 'applied',
    source: 'referral',
    events: [['applied', '2024-03-10T23:30:00Z']],
  },
  // Outside the window (February): counts in byStatus only.
  {
    company: 'February',
    status: 'rejected',
    appliedOn: '2024-02-10',
    source: 'LinkedIn',
    events: [
      ['applied', '2024-02-10T10:00:00Z'],
      ['rejected', '2024-02-20T10:00:00Z'],
    ],
  },
  // Outside the window, still applied with no event for 29 days: ghosted (21-day setting).
  {
    company: 'Ghost',
    status: 'applied',
    appliedOn: '2024-02-20',
    events: [['applied', '2024-02-20T10:00:00Z']],
  },
  // Wishlist only: not an application.
  { company: 'Someday', status: 'wishlist', events: [['wishlist', '2024-03-05T10:00:00Z']] },
];

// The figures, by hand. Applications in the window: Straight, Rejects, Withdrawn, Archived,
// Midnight (5). Responses: Straight (0 days), Rejects (2), Withdrawn (3): 3 of 5, median 2.
export const EXPECTED_BY_STATUS = [
  { status: 'wishlist', count: 1 },
  { status: 'applied', count: 2 },
  { status: 'interviewing', count: 0 },
  { status: 'offer', count: 0 },
  { status: 'accepted', count: 1 },
  { status: 'rejected', count: 2 },
  { status: 'withdrawn', count: 1 },
];
export const EXPECTED_FUNNEL = [
  { stage: 'applied', count: 5 },
  { stage: 'interviewing', count: 2 },
  { stage: 'offer', count: 1 },
  { stage: 'accepted', count: 1 },
];
// applied stints 2, 3, 9 and 9.5208333 (9 days 12.5 h): median (3 + 9) / 2 = 6; p90 at rank
// 0.9 * 3 = 2.7: 9 + 0.7 * 0.5208333 = 9.3645833. interviewing 4 and 0.5: median 2.25, p90
// 0.5 + 0.9 * 3.5 = 3.65. offer 4 alone.
export const EXPECTED_TIME_IN_STAGE = [
  { stage: 'applied', samples: 4, medianDays: 6, p90Days: 9.364583333 },
  { stage: 'interviewing', samples: 2, medianDays: 2.25, p90Days: 3.65 },
  { stage: 'offer', samples: 1, medianDays: 4, p90Days: 4 },
];
export const EXPECTED_BY_SOURCE = [
  { source: 'LinkedIn', applications: 2, responseRate: 1 },
  { source: 'referral', applications: 2, responseRate: 0.5 },
  { source: null, applications: 1, responseRate: 0 },
];
/** The weeks of 03-01..03-17 start on Mondays 02-26, 03-04, 03-11; the first is empty. */
export const EXPECTED_WEEKS_BERLIN = [
  { weekStart: '2024-02-26', applications: 0 },
  { weekStart: '2024-03-04', applications: 3 },
  { weekStart: '2024-03-11', applications: 2 },
];
export const EXPECTED_WEEKS_UTC = [
  { weekStart: '2024-02-26', applications: 0 },
  { weekStart: '2024-03-04', applications: 4 },
  { weekStart: '2024-03-11', applications: 1 },
];
