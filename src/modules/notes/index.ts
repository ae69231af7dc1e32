// The notes feature's public face: other modules and the composition root import only this file.
// Importing it registers the Note type, Job.notes and the note fields on the schema builder.
import './note.graphql.ts';

export { notesByJobLoader } from './note.loaders.ts';
export { NoteService } from './note.service.ts';
export type { ImportedNote } from './note.import.ts';
export { notesEmbed, type NoteView } from './note.views.ts';
export { notesMerge } from './note.merge.ts';
