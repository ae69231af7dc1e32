// The whole GraphQL schema: each module registers its types and fields on the builder when its
// index is imported. Part of the composition root: the only schema code that knows every module.
import './graphql/payload.ts';
import './modules/users/index.ts';
import './modules/auth/index.ts';
import './modules/jobs/index.ts';
import './modules/notes/index.ts';
import './modules/contacts/index.ts';
import './modules/tasks/index.ts';
import './modules/interviews/index.ts';
import './modules/insights/index.ts';
import './modules/portability/index.ts';
import './modules/calendar/index.ts';
import { lexicographicSortSchema } from 'graphql';
import { builder } from './graphql/builder.ts';

export const schema = lexicographicSortSchema(builder.toSchema());
