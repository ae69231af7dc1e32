// UserService, called directly over this file's database: a user by id, or NOT_FOUND.
import { describe, expect, it } from 'vitest';
import { appError, useTestServices } from '../../support/services.ts';

const { t, services } = useTestServices();

describe('getById', () => {
  it('answers the user, with only the fields selected when a select is given', async () => {
    const ann = await t.createUser();
    expect(await services.users.getById(ann.id)).toMatchObject({ id: ann.id, email: ann.email, isActive: true });
    expect(await services.users.getById(ann.id, { select: { email: true } })).toEqual({ email: ann.email });
  });

  it('a missing user is NOT_FOUND "User not found"', async () => {
    const error = await appError(services.users.getById('00000000-0000-4000-8000-00000000abcd'));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'NOT_FOUND', message: 'User not found' });
  });
});
