// Rules for note input: content capped, reminders are instants with a time zone.
import { z } from 'zod';
import { dateTime, id, text, type Untrusted } from '../../lib/validation.ts';

export const NOTE_CONTENT_MAX = 10_000;

export const noteIdSchema = id();

export const createNoteSchema = z.object({
  jobId: id(),
  content: text(NOTE_CONTENT_MAX),
  reminderTime: dateTime().nullish(),
});

/** A partial update: absent fields stay; reminderTime may be cleared with null. */
export const updateNoteSchema = z.object({
  content: text(NOTE_CONTENT_MAX).optional(),
  reminderTime: dateTime().nullish(),
});

export type CreateNoteInput = Untrusted<z.input<typeof createNoteSchema>>;
export type UpdateNoteInput = Untrusted<z.input<typeof updateNoteSchema>>;
