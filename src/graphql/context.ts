// What every resolver receives. `viewer` says who is calling; fields that need a user
// declare it with `t.withAuth({ authenticated: true })`, which narrows the type.
import type { Config } from '../config/env.ts';
import type { Database } from '../infra/database.ts';
import type { AppError } from '../lib/errors.ts';
import type { TokenSubject } from '../modules/auth/tokens.ts';
import type { Services } from '../services.ts';
import type { RequestLoaders } from './loaders.ts';

/** The caller: the subject of a verified access token, or nobody (with the reason, if a token was sent). */
export type Viewer = TokenSubject | { userId: null; authError: AppError | null };

export interface GraphQLContext {
  db: Database;
  config: Config;
  services: Services;
  viewer: Viewer;
  loaders: RequestLoaders;
}

export interface AuthenticatedContext extends GraphQLContext {
  viewer: TokenSubject;
}
