// The real SDK client (src/sdk) wired to a test app: requests go to `app.yoga.fetch` directly, no
// port. `createSdkTestApp()` is `createTestApp()` plus `t.sdk(token?)`; `sdkFor(t, token?)` wires a
// client to an app made elsewhere; `useSdkTestApp()` is `useTestApp()` with that app.
import { createClient, GraphQLRequestError, type GraphQLClient } from '../../src/sdk/index.ts';
import { rejectionOf } from './rejection.ts';
import {
  createTestApp,
  useTestApp,
  type TestApp,
  type TestAppFixture,
  type TestAppOptions,
  type UseTestAppOptions,
} from './test-app.ts';

export const SDK_ENDPOINT = 'http://test.local/graphql';

/** What an SDK client sent, as the app received it. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

export interface SdkTestApp extends TestApp {
  /** A new SDK client, signed in with `token` when given. */
  sdk(token?: string): GraphQLClient;
  /** Every request the SDK clients of this app sent, the latest last. */
  sdkRequests: SentRequest[];
}

export function sdkFor(t: TestApp, token?: string, sent: SentRequest[] = []): GraphQLClient {
  return createClient({
    endpoint: SDK_ENDPOINT,
    token: token ?? null,
    fetch: async (url, init) => {
      const request = new Request(url, init);
      sent.push({
        url: request.url,
        method: request.method,
        headers: new Headers(request.headers),
        body: typeof init.body === 'string' ? init.body : '',
      });
      return t.app.yoga.fetch(request);
    },
  });
}

export async function createSdkTestApp(options?: TestAppOptions): Promise<SdkTestApp> {
  const t = await createTestApp(options);
  const sdkRequests: SentRequest[] = [];
  return Object.assign(t, { sdkRequests, sdk: (token?: string) => sdkFor(t, token, sdkRequests) });
}

/** The file's test app with SDK clients: see useTestApp. */
export function useSdkTestApp(
  options?: UseTestAppOptions | (() => UseTestAppOptions | null),
): TestAppFixture<SdkTestApp> {
  return useTestApp(options, createSdkTestApp);
}

/** Awaits a request that must fail, and answers its GraphQLRequestError (anything else fails the test). */
export const requestError = (request: Promise<unknown>): Promise<GraphQLRequestError> =>
  rejectionOf(request, GraphQLRequestError);
