// The HTTP application: GraphQL (yoga) plus health, readiness and GraphiQL, with no I/O of
// its own at construction, so tests call `app.yoga.fetch` directly without a port.
import { GraphQLError } from 'graphql';
import { createYoga, maskError as maskUnexpectedError, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config/env.ts';
import type { GraphQLContext, Viewer } from './graphql/context.ts';
import { innermostError, isDependencyOutage, toGraphQLError } from './graphql/errors.ts';
import { namedFixedSetError, useFixedSetFieldNames } from './graphql/fixed-set.ts';
import { schema } from './schema.ts';
import { useSingleAuthMutation } from './graphql/auth-mutation-limit.ts';
import { useJitForHotDocuments } from './graphql/jit.ts';
import { useGraphQLLimits } from './graphql/limits.ts';
import { useRequestParameterErrors, withoutInternals } from './graphql/request-errors.ts';
import { useGraphQLResponseStatus } from './graphql/response-status.ts';
import { RequestLoaders } from './graphql/loaders.ts';
import { createClientOriginResolver } from './http/client-address.ts';
import { DOCS_PATH, useApiDocsPage } from './http/docs.ts';
import { GRAPHIQL_OPTIONS, renderOfflineGraphiQL, useGraphiQLAssets, usePlaygroundPage } from './http/graphiql.ts';
import { OPENAPI_PATH, useOpenApiDocument } from './http/openapi.ts';
import { useMutationRateLimits } from './http/rate-limit.ts';
import { noteUser, useRequestLog, yogaLogger } from './http/request-log.ts';
import { useRestRoutes } from './http/rest-shim.ts';
import {
  MULTIPART_ENVELOPE_BYTES,
  useBodyLimit,
  useJsonUnsupportedMediaType,
  useSecurityHeaders,
} from './http/security.ts';
import { createReadiness, READINESS_PATH, type Readiness, type ReadinessOptions } from './http/readiness.ts';
import type { Database } from './infra/database.ts';
import type { Logger } from './infra/logger.ts';
import type { Mailer } from './infra/mailer.ts';
import type { Redis } from './infra/redis.ts';
import { AppError } from './lib/errors.ts';
import { createMetrics, type Metrics } from './metrics/metrics.ts';
import { METRICS_PATH, useMetrics } from './metrics/plugin.ts';
import { AUTH_BASE_PATH, AUTH_MUTATIONS, AUTH_REST_API, AUTH_ROUTES, OTP_MODULES } from './modules/auth/index.ts';
import {
  CALENDAR_OPENAPI_PATHS,
  CALENDAR_PATH,
  redactCalendarPath,
  useCalendarFeedRoute,
} from './modules/calendar/index.ts';
import {
  IMPORT_MAX_BYTES,
  PORTABILITY_OPENAPI,
  PORTABILITY_PATHS,
  usePortabilityRoutes,
} from './modules/portability/index.ts';
import { createServices, type Services } from './services.ts';

export interface AppDependencies {
  config: Config;
  db: Database;
  redis: Redis;
  mailer: Mailer;
  logger: Logger;
  /** Where the app counts; a registry of its own when not given. */
  metrics?: Metrics;
  /** The readiness check's migrations folder and clock (tests), and the background workers it reports. */
  readiness?: Pick<ReadinessOptions, 'migrationsDir' | 'now' | 'background'>;
}

export interface App {
  yoga: YogaServerInstance<Record<string, never>, GraphQLContext>;
  services: Services;
  metrics: Metrics;
  /** /readyz: server.ts turns it to 503 on SIGTERM. */
  readiness: Readiness;
}

export const GRAPHQL_PATH = '/graphql';
const HEALTH_PATH = '/healthz';
const PLAYGROUND_PATH = `${GRAPHQL_PATH}/playground`;

/** The route label of HTTP metrics: one per endpoint; any other path counts as `other`. */
const METRIC_ROUTES = [
  GRAPHQL_PATH,
  PLAYGROUND_PATH,
  HEALTH_PATH,
  READINESS_PATH,
  METRICS_PATH,
  OPENAPI_PATH,
  DOCS_PATH,
  ...Object.values(AUTH_ROUTES).map((route) => `${AUTH_BASE_PATH}${route.path}`),
  ...PORTABILITY_PATHS,
];

/** Paths labelled by their prefix: the docs' and GraphiQL's assets; calendar feeds (never their token). */
const ROUTE_PREFIXES = [DOCS_PATH, PLAYGROUND_PATH, CALENDAR_PATH];

/** Browsers may call from these origins, with a bearer token (no cookies are used). */
function corsOptions(origins: string[]) {
  return {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposedHeaders: ['retry-after', 'x-request-id'],
    credentials: false,
    maxAge: 600,
  };
}

export function createApp({
  config,
  db,
  redis,
  mailer,
  logger,
  metrics = createMetrics(),
  readiness: readinessOptions,
}: AppDependencies): App {
  const services = createServices({
    db,
    redis,
    mailer,
    config,
    timeRedis: metrics.timeRedis,
    otpEvents: metrics.otpEvents(OTP_MODULES),
  });
  const clientOrigin = createClientOriginResolver(config.trustProxy);
  const readiness = createReadiness({ db, redis, ...readinessOptions });

  function viewerFor(request: Request): Viewer {
    try {
      const subject = services.tokens.subjectFromAuthorizationHeader(request.headers.get('authorization'));
      return subject ?? { userId: null, authError: null };
    } catch (error) {
      // Reported only if the request touches a field that needs a user.
      if (error instanceof AppError) return { userId: null, authError: error };
      throw error;
    }
  }

  /** The signed-in user of a REST request (exports, imports), checked as `t.withAuth` checks it. */
  async function signedInUser(request: Request): Promise<string> {
    const viewer = viewerFor(request);
    if (viewer.userId !== null && (await services.sessions.accepts(viewer))) return viewer.userId;
    throw (viewer.userId === null ? viewer.authError : null) ?? AppError.unauthenticated();
  }

  /** Service errors keep their code; outages become 503; anything else is masked and logged. */
  function maskError(error: unknown, message: string, isDev?: boolean): Error {
    const original = innermostError(error);
    const located = error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {};
    if (original instanceof AppError) return toGraphQLError(original, located);
    if (isDependencyOutage(original)) {
      logger.warn({ err: original }, 'a dependency is unavailable');
      return toGraphQLError(AppError.serviceUnavailable(), { ...located, headers: { 'retry-after': '5' } });
    }
    // A GraphQLError of our own (scope-auth's UNAUTHENTICATED, a validation rule) goes out as it
    // is: the innermost when it knows its nodes (yoga rebuilds `locations` from them; graphql-jit's
    // wrappers have none), else the outermost (graphql-js's "Variable ... got invalid value ...").
    // In production without the internals yoga adds to request errors (the JSON parser's message).
    if (original instanceof GraphQLError) {
      const chosen =
        (error instanceof GraphQLError ? namedFixedSetError(error, original) : undefined) ??
        (original.nodes?.length ? original : (error as GraphQLError));
      return config.isProduction ? withoutInternals(chosen) : chosen;
    }
    logger.error({ err: original }, 'unexpected error');
    return maskUnexpectedError(error, message, isDev);
  }

  const yoga = createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: HEALTH_PATH,
    landingPage: false,
    graphiql: config.graphql.graphiql ? GRAPHIQL_OPTIONS : false,
    renderGraphiQL: renderOfflineGraphiQL,
    maskedErrors: { maskError },
    logging: yogaLogger(logger),
    cors: config.corsOrigins.length > 0 ? corsOptions(config.corsOrigins) : false,
    batching: false,
    // useBodyLimit() below caps bodies at 100 KB (from a well-formed Content-Length, else by
    // counting); yoga's own 25 MB cap would pipe every body through a TransformStream to count it.
    maxRequestBodySize: false,
    context: (initialContext) => {
      const viewer = viewerFor(initialContext.request);
      if (viewer.userId) noteUser(initialContext, viewer.userId);
      return { db, config, services, viewer, loaders: new RequestLoaders(services, viewer) };
    },
    plugins: [
      useRequestLog(logger, clientOrigin, redactCalendarPath),
      useRequestParameterErrors(),
      useGraphQLResponseStatus(),
      useMetrics({ metrics, token: config.metricsToken, routes: METRIC_ROUTES, routePrefixes: ROUTE_PREFIXES, logger }),
      useSecurityHeaders({ hsts: config.isProduction }),
      // Before the body cap: an import has its own (10 MB), and an export streams its answer.
      usePortabilityRoutes({
        portability: services.portability,
        authenticate: signedInUser,
        onError: (error) => logger.error({ err: error }, 'unexpected error in an export or import'),
      }),
      // Multipart uploads (importJobs' file) may carry an import's 10 MB, from a signed token only
      // (checked in full, session included, by importJobs itself).
      useBodyLimit({
        multipartMaxBytes: IMPORT_MAX_BYTES + MULTIPART_ENVELOPE_BYTES,
        mayUpload: (request) => viewerFor(request).userId !== null,
      }),
      useJsonUnsupportedMediaType(),
      readiness.plugin,
      ...(config.graphql.graphiql ? [usePlaygroundPage(PLAYGROUND_PATH, GRAPHQL_PATH), useGraphiQLAssets()] : []),
      ...useGraphQLLimits(config.graphql),
      useFixedSetFieldNames(),
      useSingleAuthMutation(AUTH_MUTATIONS),
      ...(config.graphql.jitAfterRuns === null ? [] : [useJitForHotDocuments(config.graphql.jitAfterRuns)]),
      useMutationRateLimits({
        redis,
        authMutations: AUTH_MUTATIONS,
        clientOrigin,
        limits: config.rateLimits,
        timeRedis: metrics.timeRedis,
      }),
      ...useRestRoutes(AUTH_REST_API),
      // GET /calendar/<token>.ics: no auth header, the token is the credential (modules/calendar).
      useCalendarFeedRoute({
        calendar: () => services.calendar,
        redis,
        clientOrigin,
        perMinute: config.rateLimits.calendarPerMinute,
        timeRedis: metrics.timeRedis,
        logger,
      }),
      useOpenApiDocument(
        async (request, context): Promise<Response> => yoga.fetch(request, context),
        AUTH_REST_API,
        OPENAPI_PATH,
        [CALENDAR_OPENAPI_PATHS, PORTABILITY_OPENAPI],
      ),
      useApiDocsPage(),
    ],
  });

  return { yoga, services, metrics, readiness };
}
