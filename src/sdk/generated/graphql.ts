/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CreateContactInput = {
  /** At most 200 characters. */
  company?: string | null | undefined;
  /** A valid email address, at most 254 characters, stored as given (trimmed). */
  email?: string | null | undefined;
  /** An http or https URL, at most 2048 characters. */
  linkedinUrl?: string | null | undefined;
  /** 1 to 200 characters. */
  name: string;
  /** At most 10000 characters. */
  notes?: string | null | undefined;
  /** At most 50 characters. */
  phone?: string | null | undefined;
  /** At most 200 characters, e.g. Recruiter. */
  role?: string | null | undefined;
};

export type CreateInterviewInput = {
  /** Ids of your contacts taking part (at most 50). */
  contactIds?: Array<string | number> | null | undefined;
  /** 5 to 1440 minutes. Default: 60. */
  durationMinutes?: number | null | undefined;
  jobId: string | number;
  /** A wishlist or applied job moves to interviewing when an interview is scheduled; true keeps its status. Default: false. */
  keepStatus?: boolean | null | undefined;
  /** Default: other. */
  kind?: 'phone_screen' | 'technical' | 'behavioral' | 'onsite' | 'panel' | 'final' | 'other' | null | undefined;
  /** At most 200 characters. */
  location?: string | null | undefined;
  /** An http or https URL, at most 2048 characters. */
  meetingUrl?: string | null | undefined;
  /** At most 10000 characters. */
  notes?: string | null | undefined;
  /** Default: pending. */
  outcome?: 'pending' | 'passed' | 'failed' | 'cancelled' | null | undefined;
  /** An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z. */
  scheduledAt: string;
};

export type CreateJobInput = {
  /** A calendar day, YYYY-MM-DD. */
  appliedOn?: string | null | undefined;
  /** 1 to 200 characters. */
  companyName: string;
  /** A calendar day, YYYY-MM-DD. */
  deadline?: string | null | undefined;
  /** At most 50000 characters. */
  description?: string | null | undefined;
  /** An http or https URL, at most 2048 characters. */
  jobUrl?: string | null | undefined;
  /** At most 200 characters. */
  location?: string | null | undefined;
  /** 1 to 200 characters. */
  position: string;
  /** 1 to 5. */
  priority?: number | null | undefined;
  /** An ISO 4217 code, e.g. EUR; any case. */
  salaryCurrency?: string | null | undefined;
  /** An integer >= 0; salaryMin <= salaryMax. */
  salaryMax?: number | null | undefined;
  /** An integer >= 0; salaryMin <= salaryMax. */
  salaryMin?: number | null | undefined;
  salaryPeriod?: 'hour' | 'day' | 'month' | 'year' | null | undefined;
  /** At most 100 characters. */
  source?: string | null | undefined;
  /** One of: wishlist, applied, interviewing, offer, accepted, rejected, withdrawn. Default: applied. */
  status?: string | null | undefined;
  /** When the status began (default: now), not in the future. An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z. */
  statusChangedAt?: string | null | undefined;
  /** Replaces the job's tags: each 1 to 50 characters, at most 20; duplicates (in any case) count once, and a tag you already use keeps its first spelling. */
  tags?: Array<string> | null | undefined;
  workMode?: 'onsite' | 'hybrid' | 'remote' | null | undefined;
};

export type CreateNoteInput = {
  /** 1 to 10000 characters. */
  content: string;
  jobId: string | number;
  /** An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z. */
  reminderTime?: string | null | undefined;
};

export type CreateTaskInput = {
  /** An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z. */
  dueAt?: string | null | undefined;
  /** One of your jobs; NOT_FOUND (naming taskData.jobId) otherwise. */
  jobId?: string | number | null | undefined;
  /** Default: other. */
  kind?: 'follow_up' | 'prepare' | 'thank_you' | 'other' | null | undefined;
  /** 1 to 200 characters. */
  title: string;
};

export type InterviewKind = 'behavioral' | 'final' | 'onsite' | 'other' | 'panel' | 'phone_screen' | 'technical';

export type InterviewOutcome = 'cancelled' | 'failed' | 'passed' | 'pending';

/** Every condition given must hold; null is the same as absent. */
export type JobFilter = {
  /** Applied on this day or later, YYYY-MM-DD. */
  appliedFrom?: string | null | undefined;
  /** Applied on this day or earlier, YYYY-MM-DD. */
  appliedTo?: string | null | undefined;
  /** true: archived jobs only. Default false: jobs that are not archived. */
  archived?: boolean | null | undefined;
  /** Jobs whose company name contains this, case-insensitively. */
  companyName?: string | null | undefined;
  /** true: jobs with a pending interview scheduled from now on; false: jobs without one. */
  hasUpcomingInterview?: boolean | null | undefined;
  /** Jobs of this source, case-insensitively ("linkedin" finds "LinkedIn"). */
  source?: string | null | undefined;
  /** Jobs with one of these statuses; an empty list is the same as absent. */
  status?:
    Array<'wishlist' | 'applied' | 'interviewing' | 'offer' | 'accepted' | 'rejected' | 'withdrawn'> | null | undefined;
  /** Jobs carrying every one of these tags (case-insensitively), at most 20; an empty list is the same as absent. */
  tags?: Array<string> | null | undefined;
  /** Updated at this instant or later. An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z. */
  updatedSince?: string | null | undefined;
  workMode?: 'onsite' | 'hybrid' | 'remote' | null | undefined;
};

export type JobOrder = {
  /** Default: asc. */
  direction?: 'asc' | 'desc' | null | undefined;
  field: 'applied_on' | 'created_at' | 'updated_at' | 'company_name' | 'status_changed_at' | 'priority' | 'deadline';
};

export type JobOrderField =
  'applied_on' | 'company_name' | 'created_at' | 'deadline' | 'priority' | 'status_changed_at' | 'updated_at';

export type JobStatus = 'accepted' | 'applied' | 'interviewing' | 'offer' | 'rejected' | 'wishlist' | 'withdrawn';

export type OrderDirection = 'asc' | 'desc';

/** Why a mutation answered success: false. */
export type PayloadErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND';

export type SalaryPeriod = 'day' | 'hour' | 'month' | 'year';

/** Every condition given must hold; null is the same as absent. */
export type TaskFilter = {
  /** true: completed tasks only; false: open tasks only. */
  done?: boolean | null | undefined;
  /** Due strictly before this instant (undated tasks excluded). An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z. */
  dueBefore?: string | null | undefined;
  /** The tasks of this job of yours (another id matches nothing). */
  jobId?: string | number | null | undefined;
};

export type TaskKind = 'follow_up' | 'other' | 'prepare' | 'thank_you';

/** Only the fields given change; null clears an optional field (name cannot be cleared). */
export type UpdateContactInput = {
  /** At most 200 characters. Or null. */
  company?: string | null | undefined;
  /** A valid email address, at most 254 characters, stored as given (trimmed). Or null. */
  email?: string | null | undefined;
  /** An http or https URL, at most 2048 characters. Or null. */
  linkedinUrl?: string | null | undefined;
  /** 1 to 200 characters. */
  name?: string | null | undefined;
  /** At most 10000 characters. Or null. */
  notes?: string | null | undefined;
  /** At most 50 characters. Or null. */
  phone?: string | null | undefined;
  /** At most 200 characters, e.g. Recruiter. Or null. */
  role?: string | null | undefined;
};

/** Only the fields given change; location, meetingUrl and notes: null clears them; contactIds replaces the set. The job stays. */
export type UpdateInterviewInput = {
  /** Ids of your contacts taking part (at most 50). */
  contactIds?: Array<string | number> | null | undefined;
  /** 5 to 1440 minutes. */
  durationMinutes?: number | null | undefined;
  kind?: 'phone_screen' | 'technical' | 'behavioral' | 'onsite' | 'panel' | 'final' | 'other' | null | undefined;
  location?: string | null | undefined;
  meetingUrl?: string | null | undefined;
  notes?: string | null | undefined;
  outcome?: 'pending' | 'passed' | 'failed' | 'cancelled' | null | undefined;
  /** An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z. */
  scheduledAt?: string | null | undefined;
};

/** Only the fields given change; null clears an optional one (appliedOn, jobUrl, ..., tags). */
export type UpdateJobInput = {
  /** A calendar day, YYYY-MM-DD, or null. */
  appliedOn?: string | null | undefined;
  companyName?: string | null | undefined;
  /** A calendar day, YYYY-MM-DD. */
  deadline?: string | null | undefined;
  /** At most 50000 characters. */
  description?: string | null | undefined;
  /** An http or https URL, at most 2048 characters. */
  jobUrl?: string | null | undefined;
  /** At most 200 characters. */
  location?: string | null | undefined;
  position?: string | null | undefined;
  /** 1 to 5. */
  priority?: number | null | undefined;
  /** An ISO 4217 code, e.g. EUR; any case. */
  salaryCurrency?: string | null | undefined;
  /** An integer >= 0; salaryMin <= salaryMax. */
  salaryMax?: number | null | undefined;
  /** An integer >= 0; salaryMin <= salaryMax. Checked against the stored salaryMax too. */
  salaryMin?: number | null | undefined;
  salaryPeriod?: 'hour' | 'day' | 'month' | 'year' | null | undefined;
  /** At most 100 characters. */
  source?: string | null | undefined;
  /** One of: wishlist, applied, interviewing, offer, accepted, rejected, withdrawn. */
  status?: string | null | undefined;
  /** Backdates a status change ("the invite came yesterday"): only with a status that changes; not in the future, not before the previous change. An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z. */
  statusChangedAt?: string | null | undefined;
  /** Replaces the job's tags: each 1 to 50 characters, at most 20; duplicates (in any case) count once, and a tag you already use keeps its first spelling. */
  tags?: Array<string> | null | undefined;
  workMode?: 'onsite' | 'hybrid' | 'remote' | null | undefined;
};

/** Only the fields given change; reminderTime: null clears the reminder. */
export type UpdateNoteInput = {
  content?: string | null | undefined;
  /** An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z. Or null. */
  reminderTime?: string | null | undefined;
};

/** Only the fields given change; none of them may be null. */
export type UpdateSettingsInput = {
  /** Days in applied without news before a follow-up task and nudge, 0 to 365; 0 turns nudges off; default 7. */
  followUpAfterDays?: number | null | undefined;
  /** Days in applied without news after which stats count an application as ghosted, 1 to 365; default 21. */
  ghostedAfterDays?: number | null | undefined;
  /** Minutes before an interview at which reminders go out: up to 5 distinct values from 5 to 40320 (4 weeks), longest first; default [1440, 60]. Replaces the list; [] sends none. */
  interviewReminderLeadMinutes?: Array<number> | null | undefined;
  /** Whether reminder and follow-up emails are sent; default true. */
  reminderEmails?: boolean | null | undefined;
  /** An IANA time zone, e.g. Europe/Paris; default UTC. Stored in its canonical spelling: the case is fixed ("europe/paris" becomes "Europe/Paris") and an alias becomes the zone it links to ("Etc/UTC" becomes "UTC", "US/Eastern" "America/New_York"). */
  timeZone?: string | null | undefined;
};

/** Only the fields given change; dueAt: null clears the due date, jobId: null detaches the task. */
export type UpdateTaskInput = {
  /** false reopens the task (completedAt: null); true completes it like completeTask. */
  completed?: boolean | null | undefined;
  /** An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z. Or null. */
  dueAt?: string | null | undefined;
  /** One of your jobs, or null. */
  jobId?: string | number | null | undefined;
  kind?: 'follow_up' | 'prepare' | 'thank_you' | 'other' | null | undefined;
  title?: string | null | undefined;
};

export type WorkMode = 'hybrid' | 'onsite' | 'remote';

export type RegisterMutationVariables = Exact<{
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}>;

export type RegisterMutation = { register: { message: string; attemptsRemaining: number } };

export type VerifyOtpMutationVariables = Exact<{
  email: string;
  code: string;
  module?: 'register' | 'login' | 'forgetpassword' | null | undefined;
}>;

export type VerifyOtpMutation = {
  verifyOtp: {
    message: string;
    accessToken: string;
    tokenType: string;
    expiresIn: number;
    refreshToken: string;
    refreshExpiresIn: number;
    user: { id: string; email: string; firstName: string; lastName: string; isActive: boolean; createdAt: string };
  };
};

export type ResendOtpMutationVariables = Exact<{
  email: string;
  module: 'register' | 'login' | 'forgetpassword';
}>;

export type ResendOtpMutation = { resendOtp: { message: string; attemptsRemaining: number } };

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;

export type LoginMutation = { login: { message: string; attemptsRemaining: number } };

export type ForgetPasswordMutationVariables = Exact<{
  email: string;
}>;

export type ForgetPasswordMutation = { forgetPassword: { message: string; attemptsRemaining: number } };

export type ResetPasswordMutationVariables = Exact<{
  email: string;
  code: string;
  newPassword: string;
}>;

export type ResetPasswordMutation = { resetPassword: { message: string } };

export type RefreshMutationVariables = Exact<{
  refreshToken: string;
}>;

export type RefreshMutation = {
  refresh: {
    message: string;
    accessToken: string;
    tokenType: string;
    expiresIn: number;
    refreshToken: string;
    refreshExpiresIn: number;
    user: { id: string; email: string; firstName: string; lastName: string; isActive: boolean; createdAt: string };
  };
};

export type LogoutMutationVariables = Exact<{ [key: string]: never }>;

export type LogoutMutation = { logout: { message: string } };

export type LogoutAllMutationVariables = Exact<{ [key: string]: never }>;

export type LogoutAllMutation = { logoutAll: { message: string } };

export type CalendarFeedFieldsFragment = { createdAt: string; lastFetchedAt: string | null };

export type CalendarFeedQueryVariables = Exact<{ [key: string]: never }>;

export type CalendarFeedQuery = { calendarFeed: { createdAt: string; lastFetchedAt: string | null } | null };

export type RotateCalendarFeedMutationVariables = Exact<{ [key: string]: never }>;

export type RotateCalendarFeedMutation = {
  rotateCalendarFeed: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    url: string | null;
    calendarFeed: { createdAt: string; lastFetchedAt: string | null } | null;
  };
};

export type DeleteCalendarFeedMutationVariables = Exact<{ [key: string]: never }>;

export type DeleteCalendarFeedMutation = {
  deleteCalendarFeed: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    deletedId: string | null;
  };
};

export type JobsConnectionQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  filter?: JobFilter | null | undefined;
  search?: string | null | undefined;
  orderBy?: JobOrder | null | undefined;
  view?: string | number | null | undefined;
}>;

export type JobsConnectionQuery = {
  jobsConnection: {
    totalCount: number;
    edges: Array<{
      cursor: string;
      node: {
        id: string;
        companyName: string;
        position: string;
        status: JobStatus;
        appliedOn: string | null;
        createdAt: string;
        updatedAt: string;
      };
    }>;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
};

export type ContactFieldsFragment = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: string | null;
  company: string | null;
  linkedinUrl: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ContactsQueryVariables = Exact<{
  search?: string | null | undefined;
}>;

export type ContactsQuery = {
  contacts: Array<{
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    role: string | null;
    company: string | null;
    linkedinUrl: string | null;
    notes: string | null;
    createdAt: string;
    updatedAt: string;
  }>;
};

export type ContactQueryVariables = Exact<{
  id: string | number;
}>;

export type ContactQuery = {
  contact: {
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    role: string | null;
    company: string | null;
    linkedinUrl: string | null;
    notes: string | null;
    createdAt: string;
    updatedAt: string;
  } | null;
};

export type ContactWithJobsQueryVariables = Exact<{
  id: string | number;
}>;

export type ContactWithJobsQuery = {
  contact: {
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    role: string | null;
    company: string | null;
    linkedinUrl: string | null;
    notes: string | null;
    createdAt: string;
    updatedAt: string;
    jobs: Array<{
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
    }>;
  } | null;
};

export type JobWithContactsQueryVariables = Exact<{
  id: string | number;
}>;

export type JobWithContactsQuery = {
  job: {
    id: string;
    companyName: string;
    position: string;
    status: JobStatus;
    appliedOn: string | null;
    createdAt: string;
    updatedAt: string;
    contacts: Array<{
      id: string;
      name: string;
      email: string | null;
      phone: string | null;
      role: string | null;
      company: string | null;
      linkedinUrl: string | null;
      notes: string | null;
      createdAt: string;
      updatedAt: string;
    }>;
  } | null;
};

export type JobsWithContactsQueryVariables = Exact<{
  status?: string | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;

export type JobsWithContactsQuery = {
  jobs: Array<{
    id: string;
    companyName: string;
    position: string;
    status: JobStatus;
    appliedOn: string | null;
    createdAt: string;
    updatedAt: string;
    contacts: Array<{
      id: string;
      name: string;
      email: string | null;
      phone: string | null;
      role: string | null;
      company: string | null;
      linkedinUrl: string | null;
      notes: string | null;
      createdAt: string;
      updatedAt: string;
      jobs: Array<{ id: string }>;
    }>;
  }>;
};

export type CreateContactMutationVariables = Exact<{
  contactData: CreateContactInput;
}>;

export type CreateContactMutation = {
  createContact: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    contact: {
      id: string;
      name: string;
      email: string | null;
      phone: string | null;
      role: string | null;
      company: string | null;
      linkedinUrl: string | null;
      notes: string | null;
      createdAt: string;
      updatedAt: string;
    } | null;
  };
};

export type UpdateContactMutationVariables = Exact<{
  id: string | number;
  contactData: UpdateContactInput;
}>;

export type UpdateContactMutation = {
  updateContact: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    contact: {
      id: string;
      name: string;
      email: string | null;
      phone: string | null;
      role: string | null;
      company: string | null;
      linkedinUrl: string | null;
      notes: string | null;
      createdAt: string;
      updatedAt: string;
    } | null;
  };
};

export type DeleteContactMutationVariables = Exact<{
  id: string | number;
}>;

export type DeleteContactMutation = {
  deleteContact: {
    deletedId: string | null;
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
  };
};

export type LinkContactMutationVariables = Exact<{
  jobId: string | number;
  contactId: string | number;
}>;

export type LinkContactMutation = {
  linkContact: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    job: {
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
      contacts: Array<{
        id: string;
        name: string;
        email: string | null;
        phone: string | null;
        role: string | null;
        company: string | null;
        linkedinUrl: string | null;
        notes: string | null;
        createdAt: string;
        updatedAt: string;
      }>;
    } | null;
  };
};

export type UnlinkContactMutationVariables = Exact<{
  jobId: string | number;
  contactId: string | number;
}>;

export type UnlinkContactMutation = {
  unlinkContact: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    job: {
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
      contacts: Array<{
        id: string;
        name: string;
        email: string | null;
        phone: string | null;
        role: string | null;
        company: string | null;
        linkedinUrl: string | null;
        notes: string | null;
        createdAt: string;
        updatedAt: string;
      }>;
    } | null;
  };
};

export type UserFieldsFragment = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  isActive: boolean;
  createdAt: string;
};

export type JobFieldsFragment = {
  id: string;
  companyName: string;
  position: string;
  status: JobStatus;
  appliedOn: string | null;
  createdAt: string;
  updatedAt: string;
};

export type NoteFieldsFragment = {
  id: string;
  jobId: string;
  content: string;
  reminderTime: string | null;
  createdAt: string;
};

export type SessionFieldsFragment = {
  message: string;
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  user: { id: string; email: string; firstName: string; lastName: string; isActive: boolean; createdAt: string };
};

type PayloadFields_ContactPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_DeleteCalendarFeedPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_DeleteContactPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_DeleteInterviewPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_DeleteJobPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_DeleteNotePayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_DeleteSavedViewPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_DeleteTagPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_DeleteTaskPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_ImportJobsPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_InterviewPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_JobPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_NotePayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_RotateCalendarFeedPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_SaveViewPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_SettingsPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_TagPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

type PayloadFields_TaskPayload_Fragment = {
  success: boolean;
  message: string;
  code: PayloadErrorCode | null;
  field: string | null;
};

export type PayloadFieldsFragment =
  | PayloadFields_ContactPayload_Fragment
  | PayloadFields_DeleteCalendarFeedPayload_Fragment
  | PayloadFields_DeleteContactPayload_Fragment
  | PayloadFields_DeleteInterviewPayload_Fragment
  | PayloadFields_DeleteJobPayload_Fragment
  | PayloadFields_DeleteNotePayload_Fragment
  | PayloadFields_DeleteSavedViewPayload_Fragment
  | PayloadFields_DeleteTagPayload_Fragment
  | PayloadFields_DeleteTaskPayload_Fragment
  | PayloadFields_ImportJobsPayload_Fragment
  | PayloadFields_InterviewPayload_Fragment
  | PayloadFields_JobPayload_Fragment
  | PayloadFields_NotePayload_Fragment
  | PayloadFields_RotateCalendarFeedPayload_Fragment
  | PayloadFields_SaveViewPayload_Fragment
  | PayloadFields_SettingsPayload_Fragment
  | PayloadFields_TagPayload_Fragment
  | PayloadFields_TaskPayload_Fragment;

export type JobStatusEventFieldsFragment = {
  id: string;
  fromStatus: JobStatus | null;
  toStatus: JobStatus;
  occurredAt: string;
};

export type JobDetailsFragment = {
  jobUrl: string | null;
  location: string | null;
  workMode: WorkMode | null;
  source: string | null;
  description: string | null;
  deadline: string | null;
  priority: number | null;
  salaryMin: number | null;
  salaryMax: number | null;
  salaryCurrency: string | null;
  salaryPeriod: SalaryPeriod | null;
  archived: boolean;
  statusChangedAt: string;
  tags: Array<string>;
  id: string;
  companyName: string;
  position: string;
  status: JobStatus;
  appliedOn: string | null;
  createdAt: string;
  updatedAt: string;
  statusHistory: Array<{ id: string; fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }>;
};

export type TagFieldsFragment = { name: string; count: number };

export type StatsQueryVariables = Exact<{
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;

export type StatsQuery = {
  stats: {
    from: string;
    to: string;
    timeZone: string;
    applications: number;
    responseRate: number | null;
    medianDaysToFirstResponse: number | null;
    ghosted: number;
    ghostedAfterDays: number;
    byStatus: Array<{ status: JobStatus; count: number }>;
    funnel: Array<{ stage: JobStatus; count: number }>;
    timeInStage: Array<{ stage: JobStatus; samples: number; medianDays: number | null; p90Days: number | null }>;
    perWeek: Array<{ weekStart: string; applications: number }>;
    bySource: Array<{ source: string | null; applications: number; responseRate: number }>;
  };
};

export type InterviewFieldsFragment = {
  id: string;
  scheduledAt: string;
  durationMinutes: number;
  kind: InterviewKind;
  location: string | null;
  meetingUrl: string | null;
  notes: string | null;
  outcome: InterviewOutcome;
  createdAt: string;
  updatedAt: string;
  contacts: Array<{ id: string; name: string }>;
  job: { id: string; status: JobStatus };
};

export type UpcomingInterviewsQueryVariables = Exact<{
  days?: number | null | undefined;
}>;

export type UpcomingInterviewsQuery = {
  upcomingInterviews: Array<{
    id: string;
    scheduledAt: string;
    durationMinutes: number;
    kind: InterviewKind;
    location: string | null;
    meetingUrl: string | null;
    notes: string | null;
    outcome: InterviewOutcome;
    createdAt: string;
    updatedAt: string;
    contacts: Array<{ id: string; name: string }>;
    job: { id: string; status: JobStatus };
  }>;
};

export type JobsWithInterviewsQueryVariables = Exact<{
  limit?: number | null | undefined;
}>;

export type JobsWithInterviewsQuery = {
  jobs: Array<{
    id: string;
    status: JobStatus;
    interviews: Array<{
      id: string;
      scheduledAt: string;
      durationMinutes: number;
      kind: InterviewKind;
      location: string | null;
      meetingUrl: string | null;
      notes: string | null;
      outcome: InterviewOutcome;
      createdAt: string;
      updatedAt: string;
      contacts: Array<{ id: string; name: string }>;
      job: { id: string; status: JobStatus };
    }>;
  }>;
};

export type CreateInterviewMutationVariables = Exact<{
  interviewData: CreateInterviewInput;
}>;

export type CreateInterviewMutation = {
  createInterview: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    interview: {
      id: string;
      scheduledAt: string;
      durationMinutes: number;
      kind: InterviewKind;
      location: string | null;
      meetingUrl: string | null;
      notes: string | null;
      outcome: InterviewOutcome;
      createdAt: string;
      updatedAt: string;
      contacts: Array<{ id: string; name: string }>;
      job: { id: string; status: JobStatus };
    } | null;
  };
};

export type UpdateInterviewMutationVariables = Exact<{
  id: string | number;
  interviewData: UpdateInterviewInput;
}>;

export type UpdateInterviewMutation = {
  updateInterview: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    interview: {
      id: string;
      scheduledAt: string;
      durationMinutes: number;
      kind: InterviewKind;
      location: string | null;
      meetingUrl: string | null;
      notes: string | null;
      outcome: InterviewOutcome;
      createdAt: string;
      updatedAt: string;
      contacts: Array<{ id: string; name: string }>;
      job: { id: string; status: JobStatus };
    } | null;
  };
};

export type DeleteInterviewMutationVariables = Exact<{
  id: string | number;
}>;

export type DeleteInterviewMutation = {
  deleteInterview: {
    deletedId: string | null;
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
  };
};

export type JobsQueryVariables = Exact<{
  status?: string | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;

export type JobsQuery = {
  jobs: Array<{
    id: string;
    companyName: string;
    position: string;
    status: JobStatus;
    appliedOn: string | null;
    createdAt: string;
    updatedAt: string;
  }>;
};

export type JobQueryVariables = Exact<{
  id: string | number;
}>;

export type JobQuery = {
  job: {
    id: string;
    companyName: string;
    position: string;
    status: JobStatus;
    appliedOn: string | null;
    createdAt: string;
    updatedAt: string;
  } | null;
};

export type JobWithNotesQueryVariables = Exact<{
  id: string | number;
}>;

export type JobWithNotesQuery = {
  job: {
    id: string;
    companyName: string;
    position: string;
    status: JobStatus;
    appliedOn: string | null;
    createdAt: string;
    updatedAt: string;
    notes: Array<{ id: string; jobId: string; content: string; reminderTime: string | null; createdAt: string }>;
  } | null;
};

export type JobsWithNotesQueryVariables = Exact<{
  status?: string | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;

export type JobsWithNotesQuery = {
  jobs: Array<{
    id: string;
    companyName: string;
    position: string;
    status: JobStatus;
    appliedOn: string | null;
    createdAt: string;
    updatedAt: string;
    notes: Array<{ id: string; jobId: string; content: string; reminderTime: string | null; createdAt: string }>;
  }>;
};

export type CreateJobMutationVariables = Exact<{
  jobData: CreateJobInput;
}>;

export type CreateJobMutation = {
  createJob: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    job: {
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
    } | null;
  };
};

export type UpdateJobMutationVariables = Exact<{
  id: string | number;
  jobData: UpdateJobInput;
}>;

export type UpdateJobMutation = {
  updateJob: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    job: {
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
    } | null;
  };
};

export type DeleteJobMutationVariables = Exact<{
  id: string | number;
}>;

export type DeleteJobMutation = {
  deleteJob: {
    deletedId: string | null;
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
  };
};

export type JobWithDetailsQueryVariables = Exact<{
  id: string | number;
}>;

export type JobWithDetailsQuery = {
  job: {
    jobUrl: string | null;
    location: string | null;
    workMode: WorkMode | null;
    source: string | null;
    description: string | null;
    deadline: string | null;
    priority: number | null;
    salaryMin: number | null;
    salaryMax: number | null;
    salaryCurrency: string | null;
    salaryPeriod: SalaryPeriod | null;
    archived: boolean;
    statusChangedAt: string;
    tags: Array<string>;
    id: string;
    companyName: string;
    position: string;
    status: JobStatus;
    appliedOn: string | null;
    createdAt: string;
    updatedAt: string;
    statusHistory: Array<{ id: string; fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }>;
  } | null;
};

export type JobsWithDetailsQueryVariables = Exact<{
  status?: string | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;

export type JobsWithDetailsQuery = {
  jobs: Array<{
    jobUrl: string | null;
    location: string | null;
    workMode: WorkMode | null;
    source: string | null;
    description: string | null;
    deadline: string | null;
    priority: number | null;
    salaryMin: number | null;
    salaryMax: number | null;
    salaryCurrency: string | null;
    salaryPeriod: SalaryPeriod | null;
    archived: boolean;
    statusChangedAt: string;
    tags: Array<string>;
    id: string;
    companyName: string;
    position: string;
    status: JobStatus;
    appliedOn: string | null;
    createdAt: string;
    updatedAt: string;
    statusHistory: Array<{ id: string; fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }>;
  }>;
};

export type JobsWithDetailsAndNotesQueryVariables = Exact<{
  status?: string | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;

export type JobsWithDetailsAndNotesQuery = {
  jobs: Array<{
    jobUrl: string | null;
    location: string | null;
    workMode: WorkMode | null;
    source: string | null;
    description: string | null;
    deadline: string | null;
    priority: number | null;
    salaryMin: number | null;
    salaryMax: number | null;
    salaryCurrency: string | null;
    salaryPeriod: SalaryPeriod | null;
    archived: boolean;
    statusChangedAt: string;
    tags: Array<string>;
    id: string;
    companyName: string;
    position: string;
    status: JobStatus;
    appliedOn: string | null;
    createdAt: string;
    updatedAt: string;
    notes: Array<{ id: string; jobId: string; content: string; reminderTime: string | null; createdAt: string }>;
    statusHistory: Array<{ id: string; fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }>;
  }>;
};

export type CreateJobWithDetailsMutationVariables = Exact<{
  jobData: CreateJobInput;
}>;

export type CreateJobWithDetailsMutation = {
  createJob: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    job: {
      jobUrl: string | null;
      location: string | null;
      workMode: WorkMode | null;
      source: string | null;
      description: string | null;
      deadline: string | null;
      priority: number | null;
      salaryMin: number | null;
      salaryMax: number | null;
      salaryCurrency: string | null;
      salaryPeriod: SalaryPeriod | null;
      archived: boolean;
      statusChangedAt: string;
      tags: Array<string>;
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
      statusHistory: Array<{ id: string; fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }>;
    } | null;
  };
};

export type UpdateJobWithDetailsMutationVariables = Exact<{
  id: string | number;
  jobData: UpdateJobInput;
}>;

export type UpdateJobWithDetailsMutation = {
  updateJob: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    job: {
      jobUrl: string | null;
      location: string | null;
      workMode: WorkMode | null;
      source: string | null;
      description: string | null;
      deadline: string | null;
      priority: number | null;
      salaryMin: number | null;
      salaryMax: number | null;
      salaryCurrency: string | null;
      salaryPeriod: SalaryPeriod | null;
      archived: boolean;
      statusChangedAt: string;
      tags: Array<string>;
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
      statusHistory: Array<{ id: string; fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }>;
    } | null;
  };
};

export type ArchiveJobMutationVariables = Exact<{
  id: string | number;
}>;

export type ArchiveJobMutation = {
  archiveJob: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    job: {
      jobUrl: string | null;
      location: string | null;
      workMode: WorkMode | null;
      source: string | null;
      description: string | null;
      deadline: string | null;
      priority: number | null;
      salaryMin: number | null;
      salaryMax: number | null;
      salaryCurrency: string | null;
      salaryPeriod: SalaryPeriod | null;
      archived: boolean;
      statusChangedAt: string;
      tags: Array<string>;
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
      statusHistory: Array<{ id: string; fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }>;
    } | null;
  };
};

export type UnarchiveJobMutationVariables = Exact<{
  id: string | number;
}>;

export type UnarchiveJobMutation = {
  unarchiveJob: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    job: {
      jobUrl: string | null;
      location: string | null;
      workMode: WorkMode | null;
      source: string | null;
      description: string | null;
      deadline: string | null;
      priority: number | null;
      salaryMin: number | null;
      salaryMax: number | null;
      salaryCurrency: string | null;
      salaryPeriod: SalaryPeriod | null;
      archived: boolean;
      statusChangedAt: string;
      tags: Array<string>;
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
      statusHistory: Array<{ id: string; fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }>;
    } | null;
  };
};

export type CreateJobWithDuplicatesMutationVariables = Exact<{
  jobData: CreateJobInput;
}>;

export type CreateJobWithDuplicatesMutation = {
  createJob: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    job: {
      jobUrl: string | null;
      location: string | null;
      workMode: WorkMode | null;
      source: string | null;
      description: string | null;
      deadline: string | null;
      priority: number | null;
      salaryMin: number | null;
      salaryMax: number | null;
      salaryCurrency: string | null;
      salaryPeriod: SalaryPeriod | null;
      archived: boolean;
      statusChangedAt: string;
      tags: Array<string>;
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
      statusHistory: Array<{ id: string; fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }>;
    } | null;
    possibleDuplicates: Array<{ id: string; companyName: string; position: string }>;
  };
};

export type MergeJobsMutationVariables = Exact<{
  keepId: string | number;
  mergeId: string | number;
}>;

export type MergeJobsMutation = {
  mergeJobs: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    job: {
      jobUrl: string | null;
      location: string | null;
      workMode: WorkMode | null;
      source: string | null;
      description: string | null;
      deadline: string | null;
      priority: number | null;
      salaryMin: number | null;
      salaryMax: number | null;
      salaryCurrency: string | null;
      salaryPeriod: SalaryPeriod | null;
      archived: boolean;
      statusChangedAt: string;
      tags: Array<string>;
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
      statusHistory: Array<{ id: string; fromStatus: JobStatus | null; toStatus: JobStatus; occurredAt: string }>;
    } | null;
  };
};

export type MeQueryVariables = Exact<{ [key: string]: never }>;

export type MeQuery = {
  me: { id: string; email: string; firstName: string; lastName: string; isActive: boolean; createdAt: string };
};

export type MySettingsQueryVariables = Exact<{ [key: string]: never }>;

export type MySettingsQuery = {
  me: {
    id: string;
    settings: {
      timeZone: string;
      reminderEmails: boolean;
      interviewReminderLeadMinutes: Array<number>;
      followUpAfterDays: number;
      ghostedAfterDays: number;
    };
  };
};

export type UpdateSettingsMutationVariables = Exact<{
  settingsData: UpdateSettingsInput;
}>;

export type UpdateSettingsMutation = {
  updateSettings: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    settings: {
      timeZone: string;
      reminderEmails: boolean;
      interviewReminderLeadMinutes: Array<number>;
      followUpAfterDays: number;
      ghostedAfterDays: number;
    } | null;
  };
};

export type SettingsFieldsFragment = {
  timeZone: string;
  reminderEmails: boolean;
  interviewReminderLeadMinutes: Array<number>;
  followUpAfterDays: number;
  ghostedAfterDays: number;
};

export type JobNotesQueryVariables = Exact<{
  jobId: string | number;
}>;

export type JobNotesQuery = {
  jobNotes: Array<{ id: string; jobId: string; content: string; reminderTime: string | null; createdAt: string }>;
};

export type CreateNoteMutationVariables = Exact<{
  noteData: CreateNoteInput;
}>;

export type CreateNoteMutation = {
  createNote: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    note: { id: string; jobId: string; content: string; reminderTime: string | null; createdAt: string } | null;
  };
};

export type UpdateNoteMutationVariables = Exact<{
  id: string | number;
  noteData: UpdateNoteInput;
}>;

export type UpdateNoteMutation = {
  updateNote: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    note: { id: string; jobId: string; content: string; reminderTime: string | null; createdAt: string } | null;
  };
};

export type DeleteNoteMutationVariables = Exact<{
  id: string | number;
}>;

export type DeleteNoteMutation = {
  deleteNote: {
    deletedId: string | null;
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
  };
};

export type ImportJobsMutationVariables = Exact<{
  file: File | Blob;
  format?: 'json' | 'csv' | null | undefined;
  dryRun?: boolean | null | undefined;
  mapping?: Record<string, string> | string | null | undefined;
}>;

export type ImportJobsMutation = {
  importJobs: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    report: {
      dryRun: boolean;
      rows: number;
      created: number;
      duplicates: number;
      errorCount: number;
      errors: Array<{ row: number; field: string; message: string }>;
      duplicateRows: Array<{ row: number; jobId: string | null; reason: string }>;
      possibleDuplicates: Array<{ row: number; jobId: string; companyName: string; position: string }>;
    } | null;
  };
};

export type TagsQueryVariables = Exact<{ [key: string]: never }>;

export type TagsQuery = { tags: Array<{ name: string; count: number }> };

export type RenameTagMutationVariables = Exact<{
  from: string;
  to: string;
}>;

export type RenameTagMutation = {
  renameTag: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    tag: { name: string; count: number } | null;
  };
};

export type DeleteTagMutationVariables = Exact<{
  name: string;
}>;

export type DeleteTagMutation = {
  deleteTag: {
    deletedId: string | null;
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
  };
};

export type TaskFieldsFragment = {
  id: string;
  title: string;
  dueAt: string | null;
  completedAt: string | null;
  done: boolean;
  kind: TaskKind;
  createdAt: string;
  updatedAt: string;
};

export type TasksQueryVariables = Exact<{
  filter?: TaskFilter | null | undefined;
}>;

export type TasksQuery = {
  tasks: Array<{
    id: string;
    title: string;
    dueAt: string | null;
    completedAt: string | null;
    done: boolean;
    kind: TaskKind;
    createdAt: string;
    updatedAt: string;
    job: {
      id: string;
      companyName: string;
      position: string;
      status: JobStatus;
      appliedOn: string | null;
      createdAt: string;
      updatedAt: string;
    } | null;
  }>;
};

export type JobsWithTasksQueryVariables = Exact<{
  status?: string | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
}>;

export type JobsWithTasksQuery = {
  jobs: Array<{
    id: string;
    companyName: string;
    position: string;
    status: JobStatus;
    appliedOn: string | null;
    createdAt: string;
    updatedAt: string;
    tasks: Array<{
      id: string;
      title: string;
      dueAt: string | null;
      completedAt: string | null;
      done: boolean;
      kind: TaskKind;
      createdAt: string;
      updatedAt: string;
    }>;
  }>;
};

export type CreateTaskMutationVariables = Exact<{
  taskData: CreateTaskInput;
}>;

export type CreateTaskMutation = {
  createTask: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    task: {
      id: string;
      title: string;
      dueAt: string | null;
      completedAt: string | null;
      done: boolean;
      kind: TaskKind;
      createdAt: string;
      updatedAt: string;
      job: {
        id: string;
        companyName: string;
        position: string;
        status: JobStatus;
        appliedOn: string | null;
        createdAt: string;
        updatedAt: string;
      } | null;
    } | null;
  };
};

export type UpdateTaskMutationVariables = Exact<{
  id: string | number;
  taskData: UpdateTaskInput;
}>;

export type UpdateTaskMutation = {
  updateTask: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    task: {
      id: string;
      title: string;
      dueAt: string | null;
      completedAt: string | null;
      done: boolean;
      kind: TaskKind;
      createdAt: string;
      updatedAt: string;
      job: {
        id: string;
        companyName: string;
        position: string;
        status: JobStatus;
        appliedOn: string | null;
        createdAt: string;
        updatedAt: string;
      } | null;
    } | null;
  };
};

export type CompleteTaskMutationVariables = Exact<{
  id: string | number;
}>;

export type CompleteTaskMutation = {
  completeTask: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    task: {
      id: string;
      title: string;
      dueAt: string | null;
      completedAt: string | null;
      done: boolean;
      kind: TaskKind;
      createdAt: string;
      updatedAt: string;
    } | null;
  };
};

export type DeleteTaskMutationVariables = Exact<{
  id: string | number;
}>;

export type DeleteTaskMutation = {
  deleteTask: {
    deletedId: string | null;
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
  };
};

export type SavedViewFieldsFragment = {
  id: string;
  name: string;
  search: string | null;
  createdAt: string;
  filter: {
    status: Array<JobStatus> | null;
    tags: Array<string> | null;
    workMode: WorkMode | null;
    source: string | null;
    appliedFrom: string | null;
    appliedTo: string | null;
    updatedSince: string | null;
    hasUpcomingInterview: boolean | null;
    archived: boolean | null;
    companyName: string | null;
  };
  orderBy: { field: JobOrderField; direction: OrderDirection } | null;
};

export type SavedViewsQueryVariables = Exact<{ [key: string]: never }>;

export type SavedViewsQuery = {
  savedViews: Array<{
    id: string;
    name: string;
    search: string | null;
    createdAt: string;
    filter: {
      status: Array<JobStatus> | null;
      tags: Array<string> | null;
      workMode: WorkMode | null;
      source: string | null;
      appliedFrom: string | null;
      appliedTo: string | null;
      updatedSince: string | null;
      hasUpcomingInterview: boolean | null;
      archived: boolean | null;
      companyName: string | null;
    };
    orderBy: { field: JobOrderField; direction: OrderDirection } | null;
  }>;
};

export type SaveViewMutationVariables = Exact<{
  name: string;
  filter?: JobFilter | null | undefined;
  search?: string | null | undefined;
  orderBy?: JobOrder | null | undefined;
}>;

export type SaveViewMutation = {
  saveView: {
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
    savedView: {
      id: string;
      name: string;
      search: string | null;
      createdAt: string;
      filter: {
        status: Array<JobStatus> | null;
        tags: Array<string> | null;
        workMode: WorkMode | null;
        source: string | null;
        appliedFrom: string | null;
        appliedTo: string | null;
        updatedSince: string | null;
        hasUpcomingInterview: boolean | null;
        archived: boolean | null;
        companyName: string | null;
      };
      orderBy: { field: JobOrderField; direction: OrderDirection } | null;
    } | null;
  };
};

export type DeleteSavedViewMutationVariables = Exact<{
  id: string | number;
}>;

export type DeleteSavedViewMutation = {
  deleteSavedView: {
    deletedId: string | null;
    success: boolean;
    message: string;
    code: PayloadErrorCode | null;
    field: string | null;
  };
};

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CalendarFeedFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment CalendarFeedFields on CalendarFeed {
  createdAt
  lastFetchedAt
}
    `,
  { fragmentName: 'CalendarFeedFields' },
) as unknown as TypedDocumentString<CalendarFeedFieldsFragment, unknown>;
export const ContactFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment ContactFields on Contact {
  id
  name
  email
  phone
  role
  company
  linkedinUrl
  notes
  createdAt
  updatedAt
}
    `,
  { fragmentName: 'ContactFields' },
) as unknown as TypedDocumentString<ContactFieldsFragment, unknown>;
export const NoteFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment NoteFields on Note {
  id
  jobId
  content
  reminderTime
  createdAt
}
    `,
  { fragmentName: 'NoteFields' },
) as unknown as TypedDocumentString<NoteFieldsFragment, unknown>;
export const UserFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  isActive
  createdAt
}
    `,
  { fragmentName: 'UserFields' },
) as unknown as TypedDocumentString<UserFieldsFragment, unknown>;
export const SessionFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment SessionFields on Session {
  message
  accessToken
  tokenType
  expiresIn
  refreshToken
  refreshExpiresIn
  user {
    ...UserFields
  }
}
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  isActive
  createdAt
}`,
  { fragmentName: 'SessionFields' },
) as unknown as TypedDocumentString<SessionFieldsFragment, unknown>;
export const PayloadFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
    `,
  { fragmentName: 'PayloadFields' },
) as unknown as TypedDocumentString<PayloadFieldsFragment, unknown>;
export const JobFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
    `,
  { fragmentName: 'JobFields' },
) as unknown as TypedDocumentString<JobFieldsFragment, unknown>;
export const JobStatusEventFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}
    `,
  { fragmentName: 'JobStatusEventFields' },
) as unknown as TypedDocumentString<JobStatusEventFieldsFragment, unknown>;
export const JobDetailsFragmentDoc = new TypedDocumentString(
  `
    fragment JobDetails on Job {
  ...JobFields
  jobUrl
  location
  workMode
  source
  description
  deadline
  priority
  salaryMin
  salaryMax
  salaryCurrency
  salaryPeriod
  archived
  statusChangedAt
  tags
  statusHistory {
    ...JobStatusEventFields
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}`,
  { fragmentName: 'JobDetails' },
) as unknown as TypedDocumentString<JobDetailsFragment, unknown>;
export const TagFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment TagFields on Tag {
  name
  count
}
    `,
  { fragmentName: 'TagFields' },
) as unknown as TypedDocumentString<TagFieldsFragment, unknown>;
export const InterviewFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment InterviewFields on Interview {
  id
  scheduledAt
  durationMinutes
  kind
  location
  meetingUrl
  notes
  outcome
  createdAt
  updatedAt
  contacts {
    id
    name
  }
  job {
    id
    status
  }
}
    `,
  { fragmentName: 'InterviewFields' },
) as unknown as TypedDocumentString<InterviewFieldsFragment, unknown>;
export const SettingsFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment SettingsFields on Settings {
  timeZone
  reminderEmails
  interviewReminderLeadMinutes
  followUpAfterDays
  ghostedAfterDays
}
    `,
  { fragmentName: 'SettingsFields' },
) as unknown as TypedDocumentString<SettingsFieldsFragment, unknown>;
export const TaskFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment TaskFields on Task {
  id
  title
  dueAt
  completedAt
  done
  kind
  createdAt
  updatedAt
}
    `,
  { fragmentName: 'TaskFields' },
) as unknown as TypedDocumentString<TaskFieldsFragment, unknown>;
export const SavedViewFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment SavedViewFields on SavedView {
  id
  name
  filter {
    status
    tags
    workMode
    source
    appliedFrom
    appliedTo
    updatedSince
    hasUpcomingInterview
    archived
    companyName
  }
  search
  orderBy {
    field
    direction
  }
  createdAt
}
    `,
  { fragmentName: 'SavedViewFields' },
) as unknown as TypedDocumentString<SavedViewFieldsFragment, unknown>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($email: String!, $password: String!, $firstName: String!, $lastName: String!) {
  register(
    email: $email
    password: $password
    firstName: $firstName
    lastName: $lastName
  ) {
    message
    attemptsRemaining
  }
}
    `) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const VerifyOtpDocument = new TypedDocumentString(`
    mutation VerifyOtp($email: String!, $code: String!, $module: OtpModule) {
  verifyOtp(email: $email, code: $code, module: $module) {
    ...SessionFields
  }
}
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  isActive
  createdAt
}
fragment SessionFields on Session {
  message
  accessToken
  tokenType
  expiresIn
  refreshToken
  refreshExpiresIn
  user {
    ...UserFields
  }
}`) as unknown as TypedDocumentString<VerifyOtpMutation, VerifyOtpMutationVariables>;
export const ResendOtpDocument = new TypedDocumentString(`
    mutation ResendOtp($email: String!, $module: OtpModule!) {
  resendOtp(email: $email, module: $module) {
    message
    attemptsRemaining
  }
}
    `) as unknown as TypedDocumentString<ResendOtpMutation, ResendOtpMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    message
    attemptsRemaining
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const ForgetPasswordDocument = new TypedDocumentString(`
    mutation ForgetPassword($email: String!) {
  forgetPassword(email: $email) {
    message
    attemptsRemaining
  }
}
    `) as unknown as TypedDocumentString<ForgetPasswordMutation, ForgetPasswordMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($email: String!, $code: String!, $newPassword: String!) {
  resetPassword(email: $email, code: $code, newPassword: $newPassword) {
    message
  }
}
    `) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const RefreshDocument = new TypedDocumentString(`
    mutation Refresh($refreshToken: String!) {
  refresh(refreshToken: $refreshToken) {
    ...SessionFields
  }
}
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  isActive
  createdAt
}
fragment SessionFields on Session {
  message
  accessToken
  tokenType
  expiresIn
  refreshToken
  refreshExpiresIn
  user {
    ...UserFields
  }
}`) as unknown as TypedDocumentString<RefreshMutation, RefreshMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout {
    message
  }
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const LogoutAllDocument = new TypedDocumentString(`
    mutation LogoutAll {
  logoutAll {
    message
  }
}
    `) as unknown as TypedDocumentString<LogoutAllMutation, LogoutAllMutationVariables>;
export const CalendarFeedDocument = new TypedDocumentString(`
    query CalendarFeed {
  calendarFeed {
    ...CalendarFeedFields
  }
}
    fragment CalendarFeedFields on CalendarFeed {
  createdAt
  lastFetchedAt
}`) as unknown as TypedDocumentString<CalendarFeedQuery, CalendarFeedQueryVariables>;
export const RotateCalendarFeedDocument = new TypedDocumentString(`
    mutation RotateCalendarFeed {
  rotateCalendarFeed {
    success
    message
    code
    field
    url
    calendarFeed {
      ...CalendarFeedFields
    }
  }
}
    fragment CalendarFeedFields on CalendarFeed {
  createdAt
  lastFetchedAt
}`) as unknown as TypedDocumentString<RotateCalendarFeedMutation, RotateCalendarFeedMutationVariables>;
export const DeleteCalendarFeedDocument = new TypedDocumentString(`
    mutation DeleteCalendarFeed {
  deleteCalendarFeed {
    success
    message
    code
    field
    deletedId
  }
}
    `) as unknown as TypedDocumentString<DeleteCalendarFeedMutation, DeleteCalendarFeedMutationVariables>;
export const JobsConnectionDocument = new TypedDocumentString(`
    query JobsConnection($first: Int, $after: String, $last: Int, $before: String, $filter: JobFilter, $search: String, $orderBy: JobOrder, $view: ID) {
  jobsConnection(
    first: $first
    after: $after
    last: $last
    before: $before
    filter: $filter
    search: $search
    orderBy: $orderBy
    view: $view
  ) {
    edges {
      cursor
      node {
        ...JobFields
      }
    }
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
    totalCount
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<JobsConnectionQuery, JobsConnectionQueryVariables>;
export const ContactsDocument = new TypedDocumentString(`
    query Contacts($search: String) {
  contacts(search: $search) {
    ...ContactFields
  }
}
    fragment ContactFields on Contact {
  id
  name
  email
  phone
  role
  company
  linkedinUrl
  notes
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ContactsQuery, ContactsQueryVariables>;
export const ContactDocument = new TypedDocumentString(`
    query Contact($id: ID!) {
  contact(id: $id) {
    ...ContactFields
  }
}
    fragment ContactFields on Contact {
  id
  name
  email
  phone
  role
  company
  linkedinUrl
  notes
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ContactQuery, ContactQueryVariables>;
export const ContactWithJobsDocument = new TypedDocumentString(`
    query ContactWithJobs($id: ID!) {
  contact(id: $id) {
    ...ContactFields
    jobs {
      ...JobFields
    }
  }
}
    fragment ContactFields on Contact {
  id
  name
  email
  phone
  role
  company
  linkedinUrl
  notes
  createdAt
  updatedAt
}
fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ContactWithJobsQuery, ContactWithJobsQueryVariables>;
export const JobWithContactsDocument = new TypedDocumentString(`
    query JobWithContacts($id: ID!) {
  job(id: $id) {
    ...JobFields
    contacts {
      ...ContactFields
    }
  }
}
    fragment ContactFields on Contact {
  id
  name
  email
  phone
  role
  company
  linkedinUrl
  notes
  createdAt
  updatedAt
}
fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<JobWithContactsQuery, JobWithContactsQueryVariables>;
export const JobsWithContactsDocument = new TypedDocumentString(`
    query JobsWithContacts($status: String, $limit: Int, $offset: Int) {
  jobs(status: $status, limit: $limit, offset: $offset) {
    ...JobFields
    contacts {
      ...ContactFields
      jobs {
        id
      }
    }
  }
}
    fragment ContactFields on Contact {
  id
  name
  email
  phone
  role
  company
  linkedinUrl
  notes
  createdAt
  updatedAt
}
fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<JobsWithContactsQuery, JobsWithContactsQueryVariables>;
export const CreateContactDocument = new TypedDocumentString(`
    mutation CreateContact($contactData: CreateContactInput!) {
  createContact(contactData: $contactData) {
    ...PayloadFields
    contact {
      ...ContactFields
    }
  }
}
    fragment ContactFields on Contact {
  id
  name
  email
  phone
  role
  company
  linkedinUrl
  notes
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<CreateContactMutation, CreateContactMutationVariables>;
export const UpdateContactDocument = new TypedDocumentString(`
    mutation UpdateContact($id: ID!, $contactData: UpdateContactInput!) {
  updateContact(id: $id, contactData: $contactData) {
    ...PayloadFields
    contact {
      ...ContactFields
    }
  }
}
    fragment ContactFields on Contact {
  id
  name
  email
  phone
  role
  company
  linkedinUrl
  notes
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<UpdateContactMutation, UpdateContactMutationVariables>;
export const DeleteContactDocument = new TypedDocumentString(`
    mutation DeleteContact($id: ID!) {
  deleteContact(id: $id) {
    ...PayloadFields
    deletedId
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<DeleteContactMutation, DeleteContactMutationVariables>;
export const LinkContactDocument = new TypedDocumentString(`
    mutation LinkContact($jobId: ID!, $contactId: ID!) {
  linkContact(jobId: $jobId, contactId: $contactId) {
    ...PayloadFields
    job {
      ...JobFields
      contacts {
        ...ContactFields
      }
    }
  }
}
    fragment ContactFields on Contact {
  id
  name
  email
  phone
  role
  company
  linkedinUrl
  notes
  createdAt
  updatedAt
}
fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<LinkContactMutation, LinkContactMutationVariables>;
export const UnlinkContactDocument = new TypedDocumentString(`
    mutation UnlinkContact($jobId: ID!, $contactId: ID!) {
  unlinkContact(jobId: $jobId, contactId: $contactId) {
    ...PayloadFields
    job {
      ...JobFields
      contacts {
        ...ContactFields
      }
    }
  }
}
    fragment ContactFields on Contact {
  id
  name
  email
  phone
  role
  company
  linkedinUrl
  notes
  createdAt
  updatedAt
}
fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<UnlinkContactMutation, UnlinkContactMutationVariables>;
export const StatsDocument = new TypedDocumentString(`
    query Stats($from: String, $to: String) {
  stats(from: $from, to: $to) {
    from
    to
    timeZone
    byStatus {
      status
      count
    }
    applications
    funnel {
      stage
      count
    }
    responseRate
    medianDaysToFirstResponse
    timeInStage {
      stage
      samples
      medianDays
      p90Days
    }
    perWeek {
      weekStart
      applications
    }
    bySource {
      source
      applications
      responseRate
    }
    ghosted
    ghostedAfterDays
  }
}
    `) as unknown as TypedDocumentString<StatsQuery, StatsQueryVariables>;
export const UpcomingInterviewsDocument = new TypedDocumentString(`
    query UpcomingInterviews($days: Int) {
  upcomingInterviews(days: $days) {
    ...InterviewFields
  }
}
    fragment InterviewFields on Interview {
  id
  scheduledAt
  durationMinutes
  kind
  location
  meetingUrl
  notes
  outcome
  createdAt
  updatedAt
  contacts {
    id
    name
  }
  job {
    id
    status
  }
}`) as unknown as TypedDocumentString<UpcomingInterviewsQuery, UpcomingInterviewsQueryVariables>;
export const JobsWithInterviewsDocument = new TypedDocumentString(`
    query JobsWithInterviews($limit: Int) {
  jobs(limit: $limit) {
    id
    status
    interviews {
      ...InterviewFields
    }
  }
}
    fragment InterviewFields on Interview {
  id
  scheduledAt
  durationMinutes
  kind
  location
  meetingUrl
  notes
  outcome
  createdAt
  updatedAt
  contacts {
    id
    name
  }
  job {
    id
    status
  }
}`) as unknown as TypedDocumentString<JobsWithInterviewsQuery, JobsWithInterviewsQueryVariables>;
export const CreateInterviewDocument = new TypedDocumentString(`
    mutation CreateInterview($interviewData: CreateInterviewInput!) {
  createInterview(interviewData: $interviewData) {
    ...PayloadFields
    interview {
      ...InterviewFields
    }
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment InterviewFields on Interview {
  id
  scheduledAt
  durationMinutes
  kind
  location
  meetingUrl
  notes
  outcome
  createdAt
  updatedAt
  contacts {
    id
    name
  }
  job {
    id
    status
  }
}`) as unknown as TypedDocumentString<CreateInterviewMutation, CreateInterviewMutationVariables>;
export const UpdateInterviewDocument = new TypedDocumentString(`
    mutation UpdateInterview($id: ID!, $interviewData: UpdateInterviewInput!) {
  updateInterview(id: $id, interviewData: $interviewData) {
    ...PayloadFields
    interview {
      ...InterviewFields
    }
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment InterviewFields on Interview {
  id
  scheduledAt
  durationMinutes
  kind
  location
  meetingUrl
  notes
  outcome
  createdAt
  updatedAt
  contacts {
    id
    name
  }
  job {
    id
    status
  }
}`) as unknown as TypedDocumentString<UpdateInterviewMutation, UpdateInterviewMutationVariables>;
export const DeleteInterviewDocument = new TypedDocumentString(`
    mutation DeleteInterview($id: ID!) {
  deleteInterview(id: $id) {
    ...PayloadFields
    deletedId
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<DeleteInterviewMutation, DeleteInterviewMutationVariables>;
export const JobsDocument = new TypedDocumentString(`
    query Jobs($status: String, $limit: Int, $offset: Int) {
  jobs(status: $status, limit: $limit, offset: $offset) {
    ...JobFields
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<JobsQuery, JobsQueryVariables>;
export const JobDocument = new TypedDocumentString(`
    query Job($id: ID!) {
  job(id: $id) {
    ...JobFields
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<JobQuery, JobQueryVariables>;
export const JobWithNotesDocument = new TypedDocumentString(`
    query JobWithNotes($id: ID!) {
  job(id: $id) {
    ...JobFields
    notes {
      ...NoteFields
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment NoteFields on Note {
  id
  jobId
  content
  reminderTime
  createdAt
}`) as unknown as TypedDocumentString<JobWithNotesQuery, JobWithNotesQueryVariables>;
export const JobsWithNotesDocument = new TypedDocumentString(`
    query JobsWithNotes($status: String, $limit: Int, $offset: Int) {
  jobs(status: $status, limit: $limit, offset: $offset) {
    ...JobFields
    notes {
      ...NoteFields
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment NoteFields on Note {
  id
  jobId
  content
  reminderTime
  createdAt
}`) as unknown as TypedDocumentString<JobsWithNotesQuery, JobsWithNotesQueryVariables>;
export const CreateJobDocument = new TypedDocumentString(`
    mutation CreateJob($jobData: CreateJobInput!) {
  createJob(jobData: $jobData) {
    ...PayloadFields
    job {
      ...JobFields
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<CreateJobMutation, CreateJobMutationVariables>;
export const UpdateJobDocument = new TypedDocumentString(`
    mutation UpdateJob($id: ID!, $jobData: UpdateJobInput!) {
  updateJob(id: $id, jobData: $jobData) {
    ...PayloadFields
    job {
      ...JobFields
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<UpdateJobMutation, UpdateJobMutationVariables>;
export const DeleteJobDocument = new TypedDocumentString(`
    mutation DeleteJob($id: ID!) {
  deleteJob(id: $id) {
    ...PayloadFields
    deletedId
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<DeleteJobMutation, DeleteJobMutationVariables>;
export const JobWithDetailsDocument = new TypedDocumentString(`
    query JobWithDetails($id: ID!) {
  job(id: $id) {
    ...JobDetails
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}
fragment JobDetails on Job {
  ...JobFields
  jobUrl
  location
  workMode
  source
  description
  deadline
  priority
  salaryMin
  salaryMax
  salaryCurrency
  salaryPeriod
  archived
  statusChangedAt
  tags
  statusHistory {
    ...JobStatusEventFields
  }
}`) as unknown as TypedDocumentString<JobWithDetailsQuery, JobWithDetailsQueryVariables>;
export const JobsWithDetailsDocument = new TypedDocumentString(`
    query JobsWithDetails($status: String, $limit: Int, $offset: Int) {
  jobs(status: $status, limit: $limit, offset: $offset) {
    ...JobDetails
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}
fragment JobDetails on Job {
  ...JobFields
  jobUrl
  location
  workMode
  source
  description
  deadline
  priority
  salaryMin
  salaryMax
  salaryCurrency
  salaryPeriod
  archived
  statusChangedAt
  tags
  statusHistory {
    ...JobStatusEventFields
  }
}`) as unknown as TypedDocumentString<JobsWithDetailsQuery, JobsWithDetailsQueryVariables>;
export const JobsWithDetailsAndNotesDocument = new TypedDocumentString(`
    query JobsWithDetailsAndNotes($status: String, $limit: Int, $offset: Int) {
  jobs(status: $status, limit: $limit, offset: $offset) {
    ...JobDetails
    notes {
      ...NoteFields
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment NoteFields on Note {
  id
  jobId
  content
  reminderTime
  createdAt
}
fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}
fragment JobDetails on Job {
  ...JobFields
  jobUrl
  location
  workMode
  source
  description
  deadline
  priority
  salaryMin
  salaryMax
  salaryCurrency
  salaryPeriod
  archived
  statusChangedAt
  tags
  statusHistory {
    ...JobStatusEventFields
  }
}`) as unknown as TypedDocumentString<JobsWithDetailsAndNotesQuery, JobsWithDetailsAndNotesQueryVariables>;
export const CreateJobWithDetailsDocument = new TypedDocumentString(`
    mutation CreateJobWithDetails($jobData: CreateJobInput!) {
  createJob(jobData: $jobData) {
    ...PayloadFields
    job {
      ...JobDetails
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}
fragment JobDetails on Job {
  ...JobFields
  jobUrl
  location
  workMode
  source
  description
  deadline
  priority
  salaryMin
  salaryMax
  salaryCurrency
  salaryPeriod
  archived
  statusChangedAt
  tags
  statusHistory {
    ...JobStatusEventFields
  }
}`) as unknown as TypedDocumentString<CreateJobWithDetailsMutation, CreateJobWithDetailsMutationVariables>;
export const UpdateJobWithDetailsDocument = new TypedDocumentString(`
    mutation UpdateJobWithDetails($id: ID!, $jobData: UpdateJobInput!) {
  updateJob(id: $id, jobData: $jobData) {
    ...PayloadFields
    job {
      ...JobDetails
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}
fragment JobDetails on Job {
  ...JobFields
  jobUrl
  location
  workMode
  source
  description
  deadline
  priority
  salaryMin
  salaryMax
  salaryCurrency
  salaryPeriod
  archived
  statusChangedAt
  tags
  statusHistory {
    ...JobStatusEventFields
  }
}`) as unknown as TypedDocumentString<UpdateJobWithDetailsMutation, UpdateJobWithDetailsMutationVariables>;
export const ArchiveJobDocument = new TypedDocumentString(`
    mutation ArchiveJob($id: ID!) {
  archiveJob(id: $id) {
    ...PayloadFields
    job {
      ...JobDetails
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}
fragment JobDetails on Job {
  ...JobFields
  jobUrl
  location
  workMode
  source
  description
  deadline
  priority
  salaryMin
  salaryMax
  salaryCurrency
  salaryPeriod
  archived
  statusChangedAt
  tags
  statusHistory {
    ...JobStatusEventFields
  }
}`) as unknown as TypedDocumentString<ArchiveJobMutation, ArchiveJobMutationVariables>;
export const UnarchiveJobDocument = new TypedDocumentString(`
    mutation UnarchiveJob($id: ID!) {
  unarchiveJob(id: $id) {
    ...PayloadFields
    job {
      ...JobDetails
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}
fragment JobDetails on Job {
  ...JobFields
  jobUrl
  location
  workMode
  source
  description
  deadline
  priority
  salaryMin
  salaryMax
  salaryCurrency
  salaryPeriod
  archived
  statusChangedAt
  tags
  statusHistory {
    ...JobStatusEventFields
  }
}`) as unknown as TypedDocumentString<UnarchiveJobMutation, UnarchiveJobMutationVariables>;
export const CreateJobWithDuplicatesDocument = new TypedDocumentString(`
    mutation CreateJobWithDuplicates($jobData: CreateJobInput!) {
  createJob(jobData: $jobData) {
    ...PayloadFields
    job {
      ...JobDetails
    }
    possibleDuplicates {
      id
      companyName
      position
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}
fragment JobDetails on Job {
  ...JobFields
  jobUrl
  location
  workMode
  source
  description
  deadline
  priority
  salaryMin
  salaryMax
  salaryCurrency
  salaryPeriod
  archived
  statusChangedAt
  tags
  statusHistory {
    ...JobStatusEventFields
  }
}`) as unknown as TypedDocumentString<CreateJobWithDuplicatesMutation, CreateJobWithDuplicatesMutationVariables>;
export const MergeJobsDocument = new TypedDocumentString(`
    mutation MergeJobs($keepId: ID!, $mergeId: ID!) {
  mergeJobs(keepId: $keepId, mergeId: $mergeId) {
    ...PayloadFields
    job {
      ...JobDetails
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment JobStatusEventFields on JobStatusEvent {
  id
  fromStatus
  toStatus
  occurredAt
}
fragment JobDetails on Job {
  ...JobFields
  jobUrl
  location
  workMode
  source
  description
  deadline
  priority
  salaryMin
  salaryMax
  salaryCurrency
  salaryPeriod
  archived
  statusChangedAt
  tags
  statusHistory {
    ...JobStatusEventFields
  }
}`) as unknown as TypedDocumentString<MergeJobsMutation, MergeJobsMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...UserFields
  }
}
    fragment UserFields on User {
  id
  email
  firstName
  lastName
  isActive
  createdAt
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const MySettingsDocument = new TypedDocumentString(`
    query MySettings {
  me {
    id
    settings {
      ...SettingsFields
    }
  }
}
    fragment SettingsFields on Settings {
  timeZone
  reminderEmails
  interviewReminderLeadMinutes
  followUpAfterDays
  ghostedAfterDays
}`) as unknown as TypedDocumentString<MySettingsQuery, MySettingsQueryVariables>;
export const UpdateSettingsDocument = new TypedDocumentString(`
    mutation UpdateSettings($settingsData: UpdateSettingsInput!) {
  updateSettings(settingsData: $settingsData) {
    ...PayloadFields
    settings {
      ...SettingsFields
    }
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment SettingsFields on Settings {
  timeZone
  reminderEmails
  interviewReminderLeadMinutes
  followUpAfterDays
  ghostedAfterDays
}`) as unknown as TypedDocumentString<UpdateSettingsMutation, UpdateSettingsMutationVariables>;
export const JobNotesDocument = new TypedDocumentString(`
    query JobNotes($jobId: ID!) {
  jobNotes(jobId: $jobId) {
    ...NoteFields
  }
}
    fragment NoteFields on Note {
  id
  jobId
  content
  reminderTime
  createdAt
}`) as unknown as TypedDocumentString<JobNotesQuery, JobNotesQueryVariables>;
export const CreateNoteDocument = new TypedDocumentString(`
    mutation CreateNote($noteData: CreateNoteInput!) {
  createNote(noteData: $noteData) {
    ...PayloadFields
    note {
      ...NoteFields
    }
  }
}
    fragment NoteFields on Note {
  id
  jobId
  content
  reminderTime
  createdAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<CreateNoteMutation, CreateNoteMutationVariables>;
export const UpdateNoteDocument = new TypedDocumentString(`
    mutation UpdateNote($id: ID!, $noteData: UpdateNoteInput!) {
  updateNote(id: $id, noteData: $noteData) {
    ...PayloadFields
    note {
      ...NoteFields
    }
  }
}
    fragment NoteFields on Note {
  id
  jobId
  content
  reminderTime
  createdAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<UpdateNoteMutation, UpdateNoteMutationVariables>;
export const DeleteNoteDocument = new TypedDocumentString(`
    mutation DeleteNote($id: ID!) {
  deleteNote(id: $id) {
    ...PayloadFields
    deletedId
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<DeleteNoteMutation, DeleteNoteMutationVariables>;
export const ImportJobsDocument = new TypedDocumentString(`
    mutation ImportJobs($file: Upload!, $format: ImportFormatValue, $dryRun: Boolean = true, $mapping: ImportMapping) {
  importJobs(file: $file, format: $format, dryRun: $dryRun, mapping: $mapping) {
    success
    message
    code
    field
    report {
      dryRun
      rows
      created
      duplicates
      errorCount
      errors {
        row
        field
        message
      }
      duplicateRows {
        row
        jobId
        reason
      }
      possibleDuplicates {
        row
        jobId
        companyName
        position
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ImportJobsMutation, ImportJobsMutationVariables>;
export const TagsDocument = new TypedDocumentString(`
    query Tags {
  tags {
    ...TagFields
  }
}
    fragment TagFields on Tag {
  name
  count
}`) as unknown as TypedDocumentString<TagsQuery, TagsQueryVariables>;
export const RenameTagDocument = new TypedDocumentString(`
    mutation RenameTag($from: String!, $to: String!) {
  renameTag(from: $from, to: $to) {
    ...PayloadFields
    tag {
      ...TagFields
    }
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment TagFields on Tag {
  name
  count
}`) as unknown as TypedDocumentString<RenameTagMutation, RenameTagMutationVariables>;
export const DeleteTagDocument = new TypedDocumentString(`
    mutation DeleteTag($name: String!) {
  deleteTag(name: $name) {
    ...PayloadFields
    deletedId
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<DeleteTagMutation, DeleteTagMutationVariables>;
export const TasksDocument = new TypedDocumentString(`
    query Tasks($filter: TaskFilter) {
  tasks(filter: $filter) {
    ...TaskFields
    job {
      ...JobFields
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment TaskFields on Task {
  id
  title
  dueAt
  completedAt
  done
  kind
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<TasksQuery, TasksQueryVariables>;
export const JobsWithTasksDocument = new TypedDocumentString(`
    query JobsWithTasks($status: String, $limit: Int, $offset: Int) {
  jobs(status: $status, limit: $limit, offset: $offset) {
    ...JobFields
    tasks {
      ...TaskFields
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment TaskFields on Task {
  id
  title
  dueAt
  completedAt
  done
  kind
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<JobsWithTasksQuery, JobsWithTasksQueryVariables>;
export const CreateTaskDocument = new TypedDocumentString(`
    mutation CreateTask($taskData: CreateTaskInput!) {
  createTask(taskData: $taskData) {
    ...PayloadFields
    task {
      ...TaskFields
      job {
        ...JobFields
      }
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment TaskFields on Task {
  id
  title
  dueAt
  completedAt
  done
  kind
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CreateTaskMutation, CreateTaskMutationVariables>;
export const UpdateTaskDocument = new TypedDocumentString(`
    mutation UpdateTask($id: ID!, $taskData: UpdateTaskInput!) {
  updateTask(id: $id, taskData: $taskData) {
    ...PayloadFields
    task {
      ...TaskFields
      job {
        ...JobFields
      }
    }
  }
}
    fragment JobFields on Job {
  id
  companyName
  position
  status
  appliedOn
  createdAt
  updatedAt
}
fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment TaskFields on Task {
  id
  title
  dueAt
  completedAt
  done
  kind
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateTaskMutation, UpdateTaskMutationVariables>;
export const CompleteTaskDocument = new TypedDocumentString(`
    mutation CompleteTask($id: ID!) {
  completeTask(id: $id) {
    ...PayloadFields
    task {
      ...TaskFields
    }
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment TaskFields on Task {
  id
  title
  dueAt
  completedAt
  done
  kind
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CompleteTaskMutation, CompleteTaskMutationVariables>;
export const DeleteTaskDocument = new TypedDocumentString(`
    mutation DeleteTask($id: ID!) {
  deleteTask(id: $id) {
    ...PayloadFields
    deletedId
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<DeleteTaskMutation, DeleteTaskMutationVariables>;
export const SavedViewsDocument = new TypedDocumentString(`
    query SavedViews {
  savedViews {
    ...SavedViewFields
  }
}
    fragment SavedViewFields on SavedView {
  id
  name
  filter {
    status
    tags
    workMode
    source
    appliedFrom
    appliedTo
    updatedSince
    hasUpcomingInterview
    archived
    companyName
  }
  search
  orderBy {
    field
    direction
  }
  createdAt
}`) as unknown as TypedDocumentString<SavedViewsQuery, SavedViewsQueryVariables>;
export const SaveViewDocument = new TypedDocumentString(`
    mutation SaveView($name: String!, $filter: JobFilter, $search: String, $orderBy: JobOrder) {
  saveView(name: $name, filter: $filter, search: $search, orderBy: $orderBy) {
    ...PayloadFields
    savedView {
      ...SavedViewFields
    }
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}
fragment SavedViewFields on SavedView {
  id
  name
  filter {
    status
    tags
    workMode
    source
    appliedFrom
    appliedTo
    updatedSince
    hasUpcomingInterview
    archived
    companyName
  }
  search
  orderBy {
    field
    direction
  }
  createdAt
}`) as unknown as TypedDocumentString<SaveViewMutation, SaveViewMutationVariables>;
export const DeleteSavedViewDocument = new TypedDocumentString(`
    mutation DeleteSavedView($id: ID!) {
  deleteSavedView(id: $id) {
    ...PayloadFields
    deletedId
  }
}
    fragment PayloadFields on MutationPayload {
  success
  message
  code
  field
}`) as unknown as TypedDocumentString<DeleteSavedViewMutation, DeleteSavedViewMutationVariables>;
