// The interviews feature's public face: other modules and the composition root import only this file.
// Importing it registers the Interview type, Job.interviews and the interview fields on the schema builder.
import './interview.graphql.ts';

export { interviewsByJobLoader } from './interview.loaders.ts';
export {
  InterviewService,
  type ContactOwnership,
  type InterviewServiceOptions,
  type JobStatusChanges,
} from './interview.service.ts';
export type { ImportedInterview } from './interview.import.ts';
export { interviewsEmbed, type InterviewView } from './interview.views.ts';
export { upcomingInterviewFilter } from './interview.job-filter.ts';
export { interviewsMerge } from './interview.merge.ts';
