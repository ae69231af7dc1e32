// Users as the rest of the API sees them. Registration and login live in the auth module.
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';

export class UserService {
  constructor(private readonly db: Database) {}

  async getById<Query extends { select?: object; include?: object }>(userId: string, query?: Query) {
    const user = await this.db.user.findUnique({ ...query, where: { id: userId } });
    if (!user) throw AppError.notFound('User');
    return user;
  }
}
