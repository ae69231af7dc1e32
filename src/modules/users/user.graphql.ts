// GraphQL for the signed-in user.
import { builder } from '../../graphql/builder.ts';

export const UserObject = builder.prismaObject('User', {
  description: 'An account. The password hash is never exposed.',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    firstName: t.exposeString('firstName'),
    lastName: t.exposeString('lastName'),
    isActive: t.exposeBoolean('isActive', { description: 'False until the registration code is verified.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('me', (t) =>
  t.withAuth({ authenticated: true }).prismaField({
    type: UserObject,
    description: 'The account the bearer token belongs to.',
    resolve: (query, _root, _args, context) => context.services.users.getById(context.viewer.userId, query),
  }),
);
