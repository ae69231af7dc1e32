// What every resolver receives. `viewer` says who is calling; fields that need a user
// declare it with `t.withAuth({ authenticated: true })`, which narrows the type.
import type { Config } from '../config/env.ts';
import type { Database } from '../infra/database.ts';
import type { RequestLoaders } from './loaders.ts';
import type { AppServices, SignedInViewer, Viewer } from './viewer.ts';

export type { AppServices, SignedInViewer, Viewer } from './viewer.ts';

export interface GraphQLContext {
  db: Database;
  config: Config;
  services: AppServices;
  viewer: Viewer;
  loaders: RequestLoaders;
}

export interface AuthenticatedContext extends GraphQLContext {
  viewer: SignedInViewer;
}
