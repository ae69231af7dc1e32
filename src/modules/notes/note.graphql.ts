// GraphQL for notes: the Note type, Job.notes, jobNotes, and the note mutations.
import { builder } from '../../graphql/builder.ts';
import { attempt, MutationPayload, type Outcome } from '../../graphql/payload.ts';
import { reminderMessage } from '../../lib/reminder-hook.ts';
import { jobByIdLoader, JobObject } from '../jobs/index.ts';
import { notesByJobLoader } from './note.loaders.ts';
import { NOTE_CONTENT_MAX } from './note.validation.ts';
import type { JobWithNotes, NoteView } from './note.views.ts';

export const NoteObject = builder.objectRef<NoteView>('Note').implement({
  description: 'A note on a job, with an optional reminder.',
  fields: (t) => ({
    id: t.exposeID('id'),
    jobId: t.exposeID('jobId'),
    content: t.exposeString('content'),
    reminderTime: t.expose('reminderTime', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    // Batched: the notes of a list of notes' jobs cost one statement.
    job: t.field({
      type: JobObject,
      resolve: (note, _args, context) => context.loaders.get(jobByIdLoader).load(note.jobId),
    }),
  }),
});

builder.objectField(JobObject, 'notes', (t) =>
  t.field({
    type: [NoteObject],
    description: 'Oldest first.',
    // Loaded with the job when the read saw them asked for (notesEmbed); otherwise one statement
    // for all the jobs.
    resolve: (job: JobWithNotes, _args, context) => job.notes ?? context.loaders.get(notesByJobLoader).load(job.id),
  }),
);

const DATE_TIME_HELP = 'An ISO 8601 date-time with a time zone, e.g. 2024-01-20T10:00:00Z.';

const CreateNoteInput = builder.inputType('CreateNoteInput', {
  fields: (t) => ({
    jobId: t.id({ required: true }),
    content: t.string({ required: true, description: `1 to ${NOTE_CONTENT_MAX} characters.` }),
    reminderTime: t.string({ description: DATE_TIME_HELP }),
  }),
});

const UpdateNoteInput = builder.inputType('UpdateNoteInput', {
  description: 'Only the fields given change; reminderTime: null clears the reminder.',
  fields: (t) => ({
    content: t.string(),
    reminderTime: t.string({ description: `${DATE_TIME_HELP} Or null.` }),
  }),
});

const NotePayload = builder.objectRef<Outcome<NoteView>>('NotePayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    note: t.field({ type: NoteObject, nullable: true, resolve: (outcome) => outcome.value }),
  }),
});

const DeleteNotePayload = builder.objectRef<Outcome<NoteView>>('DeleteNotePayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    deletedId: t.id({ nullable: true, resolve: (outcome) => outcome.value?.id ?? null }),
  }),
});

builder.queryField('jobNotes', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: [NoteObject],
    description: 'The notes of one of your jobs, oldest first. NOT_FOUND when there is no such job.',
    args: { jobId: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.services.notes.listForJob(context.viewer.userId, args.jobId),
  }),
);

builder.mutationFields((t) => ({
  createNote: t.withAuth({ authenticated: true }).field({
    type: NotePayload,
    args: { noteData: t.arg({ type: CreateNoteInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt(reminderMessage('Note created successfully'), () =>
        context.services.notes.create(context.viewer.userId, args.noteData),
      ),
  }),
  updateNote: t.withAuth({ authenticated: true }).field({
    type: NotePayload,
    args: { id: t.arg.id({ required: true }), noteData: t.arg({ type: UpdateNoteInput, required: true }) },
    resolve: (_root, args, context) =>
      attempt(reminderMessage('Note updated successfully'), () =>
        context.services.notes.update(context.viewer.userId, args.id, args.noteData),
      ),
  }),
  deleteNote: t.withAuth({ authenticated: true }).field({
    type: DeleteNotePayload,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) =>
      attempt('Note deleted successfully', () => context.services.notes.delete(context.viewer.userId, args.id)),
  }),
}));
