// The reminders feature's public face: scheduling (handed to notes, interviews, tasks and users
// as their ReminderHook by src/services.ts) and the worker that delivers (started by
// src/server.ts in-process, or alone by src/worker.ts).
export { ReminderScheduler, SEND_REMINDER_TASK } from './reminder.scheduler.ts';
export { ReminderWorker, type ReminderWorkerOptions, type WorkerHealth } from './reminder.worker.ts';
export { deliverReminder, LATE_CUTOFF_MS, type ReminderEvents } from './reminder.delivery.ts';
export { followUpsMerge } from './reminder.merge.ts';
export { createReminderWorker, REMINDER_QUEUE, reminderQueueFigures } from './reminder.process.ts';
