// GraphiQL with every asset inlined by @graphql-yoga/render-graphiql: it works offline,
// with nothing loaded from a CDN.
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

/**
 * The page is ~9 MB of inlined JavaScript: loaded on the first GraphiQL request, not at start
 * (it was 47 MB of resident memory in every process, GraphiQL or not).
 */
export async function renderOfflineGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  return renderGraphiQL(options);
}

/** Serves GraphiQL at a second address (the seed's /graphql/playground) beside GET /graphql. */
export function usePlaygroundPage(path: string, endpoint: string): Plugin {
  let page: Promise<string> | undefined;
  return {
    async onRequest(payload) {
      if (payload.url.pathname !== path || payload.request.method !== 'GET') return;
      page ??= renderOfflineGraphiQL({ ...GRAPHIQL_OPTIONS, endpoint });
      payload.endResponse(
        new payload.fetchAPI.Response(await page, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
      );
    },
  };
}
