// Who is calling, and what the resolvers may use: the plumbing defines the shapes, the composition
// root fills them in by declaration merging (src/services.ts), so nothing here imports a module.
import type { AppError } from '../lib/errors.ts';

/**
 * The services every resolver reaches through `context.services`. Empty here: src/services.ts
 * merges its `Services` into it (`interface AppServices extends Services {}`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppServices {}

/**
 * The subject of a verified access token. The auth module's token subject is merged into it
 * (src/services.ts); the plumbing needs only `userId`.
 */
export interface SignedInViewer {
  userId: string;
}

/** The caller: the subject of a verified access token, or nobody (with the reason, if a token was sent). */
export type Viewer = SignedInViewer | { userId: null; authError: AppError | null };
