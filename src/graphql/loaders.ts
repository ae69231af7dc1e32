// Per-request batch loaders: a field asked of every row of a list (a job's notes, a note's job)
// is loaded for all the rows in one statement, never one per row. The modules define the loaders
// (a LoaderFactory each); the registry below makes each one on first use, so a request that needs
// none pays nothing, and keeps it as long as the request's context.
import { AppError } from '../lib/errors.ts';
import type { AppServices, Viewer } from './viewer.ts';

/** What a loader is made from: the request's services and caller. */
export interface LoaderScope {
  services: AppServices;
  viewer: Viewer;
  /** The caller's user id: loaders only ever read the caller's own rows. UNAUTHENTICATED without one. */
  readonly ownerId: string;
}

/** Makes one loader for one request; used as its key, so define it once (a module-level constant). */
export type LoaderFactory<Loader> = (scope: LoaderScope) => Loader;

export class RequestLoaders {
  readonly #made = new Map<LoaderFactory<unknown>, unknown>();
  readonly #scope: LoaderScope;

  constructor(services: AppServices, viewer: Viewer) {
    this.#scope = {
      services,
      viewer,
      get ownerId(): string {
        if (viewer.userId === null) throw AppError.unauthenticated();
        return viewer.userId;
      },
    };
  }

  /** This request's loader of `factory`, made on first use. */
  get<Loader>(factory: LoaderFactory<Loader>): Loader {
    if (!this.#made.has(factory)) this.#made.set(factory, factory(this.#scope));
    return this.#made.get(factory) as Loader;
  }
}
