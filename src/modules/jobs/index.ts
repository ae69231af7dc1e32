// The jobs feature's public face: other modules and the composition root import only this file.
// Importing it registers the Job type and its fields on the schema builder.
export { JobObject, JobPayload, JobStatusEnum } from './job.graphql.ts';
export { jobByIdLoader } from './job.loaders.ts';
export { JobService, type JobReadOptions } from './job.service.ts';
export { jobIdSchema } from './job.validation.ts';
export type { JobEmbed, JobView } from './job.views.ts';
