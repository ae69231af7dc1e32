// The Pothos schema builder: plugins, context and scalar types. Defines no types itself.
import SchemaBuilder from '@pothos/core';
import { responsePathAsArray } from 'graphql';
import PrismaPlugin from '@pothos/plugin-prisma';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-prisma-types.ts';
import { getDatamodel } from '../generated/pothos-prisma-types.ts';
import { AppError } from '../lib/errors.ts';
import type { AuthenticatedContext, GraphQLContext } from './context.ts';
import { toGraphQLError } from './errors.ts';

/**
 * The fixed-set scalars (src/graphql/fixed-set.ts), one per set, by name: the module that owns a
 * set merges it in (`declare module` on this file), e.g. `OtpModule: OtpModule` in modules/auth.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FixedSetScalars {}

type FixedSetScalarTypes = {
  [Name in keyof FixedSetScalars]: { Input: FixedSetScalars[Name]; Output: FixedSetScalars[Name] };
};

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean };
  AuthContexts: { authenticated: AuthenticatedContext };
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    // Output: a Date (Prisma rows) or the wire string already (views built in SQL).
    Date: { Input: Date; Output: Date | string };
    DateTime: { Input: Date; Output: Date | string };
  } & FixedSetScalarTypes;
}>({
  // scope-auth first, so that no other plugin runs a query before the check.
  plugins: [ScopeAuthPlugin, PrismaPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      // The token was verified when the context was built; this checks the account is active and
      // has not revoked it (logout, logout-all, password reset). scope-auth caches the answer for
      // the rest of the request.
      authenticated: async () =>
        context.viewer.userId !== null && (await context.services.sessions.accepts(context.viewer)),
    }),
    // Located at the field here, so both executors (graphql-js, graphql-jit) report the same place.
    unauthorizedError: (_parent, context, info) =>
      toGraphQLError((context.viewer.userId === null ? context.viewer.authError : null) ?? AppError.unauthenticated(), {
        nodes: info.fieldNodes,
        path: responsePathAsArray(info.path),
      }),
  },
  prisma: {
    // Each request (and each test) brings its own client.
    client: (context) => context.db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
});

// A string comes from the project's own SQL (the modules' *.views.ts), already in the wire format.
builder.addScalarType('Date', DateResolver, {
  serialize: (value) => (typeof value === 'string' ? value : DateResolver.serialize(value)),
});
builder.addScalarType('DateTime', DateTimeResolver, {
  serialize: (value) => (typeof value === 'string' ? value : DateTimeResolver.serialize(value)),
});

builder.queryType({});
builder.mutationType({});
