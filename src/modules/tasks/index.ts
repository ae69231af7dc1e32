// The tasks feature's public face: other modules and the composition root import only this file.
// Importing it registers the Task type, Job.tasks and the task fields on the schema builder.
import './task.graphql.ts';

export { TaskKindEnum, TaskObject } from './task.graphql.ts';
export { tasksByJobLoader } from './task.loaders.ts';
export { TaskService, type TaskServiceOptions } from './task.service.ts';
export type { ImportedTask } from './task.import.ts';
export { TASK_KINDS } from './task.validation.ts';
export { tasksEmbed, type TaskView } from './task.views.ts';
export { tasksMerge } from './task.merge.ts';
