// The jobs feature's public face: other modules and the composition root import only this file.
// Importing it registers the Job type and its fields (tags included) on the schema builder.
export { forgetJobRelations, JobObject, JobPayload, JobStatusEnum } from './job.graphql.ts';
import './job.tags.graphql.ts';
import './job.connection.graphql.ts';
import './job.views-saved.graphql.ts';
export type { JobConnectionArgs, JobConnectionView, JobFilterPart } from './job.connection.ts';
import './job.merge.graphql.ts';
export type { SavedViewService, SavedViewView } from './job.views-saved.ts';
export { descriptionByJobLoader, jobByIdLoader, statusHistoryByJobLoader, tagsByJobLoader } from './job.loaders.ts';
export { JobService, type JobReadOptions, type JobServiceOptions, type StatusChange } from './job.service.ts';
export type { TagService, TagView } from './job.tags.ts';
export {
  COMPANY_NAME_MAX,
  createJobSchema,
  JOB_STATUSES,
  jobIdSchema,
  POSITION_MAX,
  SALARY_PERIODS,
  WORK_MODES,
} from './job.validation.ts';
export type { ImportedJob, ImportedStatusEvent } from './job.import.ts';
export type { JobEmbed, JobStatusEventView, JobView } from './job.views.ts';
export type { JobMergeHook } from './job.merge.ts';
