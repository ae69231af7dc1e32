// The whole GraphQL schema: each module registers its types and fields on the builder.
import './payload.ts';
import '../modules/users/user.graphql.ts';
import '../modules/auth/auth.graphql.ts';
import '../modules/jobs/job.graphql.ts';
import '../modules/notes/note.graphql.ts';
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.ts';

export const schema = lexicographicSortSchema(builder.toSchema());
