// GraphiQL with every asset inlined by @graphql-yoga/render-graphiql: it works offline,
// with nothing loaded from a CDN.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'Job Application Tracker API',
  defaultQuery: `# Set "Authorization: Bearer <token>" in the Headers pane, then run:
query MyJobs {
  jobs {
    id
    companyName
    position
    status
    appliedOn
    createdAt
  }
}
`,
};

/** Serves GraphiQL at a second address (the seed's /graphql/playground) beside GET /graphql. */
export function usePlaygroundPage(path: string, endpoint: string): Plugin {
  let page: string | undefined;
  return {
    onRequest(payload) {
      if (payload.url.pathname !== path || payload.request.method !== 'GET') return;
      page ??= renderGraphiQL({ ...GRAPHIQL_OPTIONS, endpoint });
      payload.endResponse(
        new payload.fetchAPI.Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
      );
    },
  };
}
