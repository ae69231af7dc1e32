// The business services, wired to their dependencies once per application instance.
import type { Config } from './config/env.ts';
import { TokenService } from './auth/tokens.ts';
import type { Database } from './infra/database.ts';
import { JobService } from './modules/jobs/job.service.ts';
import { NoteService } from './modules/notes/note.service.ts';
import { UserService } from './modules/users/user.service.ts';

export interface Services {
  jobs: JobService;
  notes: NoteService;
  users: UserService;
  tokens: TokenService;
}

export function createServices(deps: { db: Database; config: Config }): Services {
  return {
    jobs: new JobService(deps.db),
    notes: new NoteService(deps.db),
    users: new UserService(deps.db),
    tokens: new TokenService(deps.config.jwt),
  };
}
