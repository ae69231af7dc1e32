// The HTTP status of a GraphQL answer, by the GraphQL-over-HTTP spec:
//
//   application/graphql-response+json: an answer that carries data (not null) is 200, whatever
//     its field errors say (the spec's MUST); one without data keeps the status of its errors:
//     400 for a request error (parse, validation, variables), or 401, 429, 503 of a field error
//     whose data is null.
//   application/json: yoga's legacy rule, kept for the clients that rely on it: field errors keep
//     their statuses, and graphql-js's own parse and validation errors are 200 (the spec's SHOULD).
//   Both: the API's own limits (src/graphql/limits.ts DocumentLimitError, the one-auth-mutation
//     rule) are 400, as their extension says.
//
// yoga computes a status from the `http` extension of every error and takes the highest, even
// when data is present. Its processor (processRegularResult) stays in charge of the body and the
// headers; this plugin corrects the status only. The REST routes are not GraphQL answers: SOFA
// reads `extensions.http.status` on its own, so field errors keep carrying their statuses.
import type { ExecutionResult } from 'graphql';
import { processRegularResult, type Plugin } from 'graphql-yoga';
import { errorStatus } from '../lib/errors.ts';
import { DocumentLimitError } from './limits.ts';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_RESPONSE = 'application/json';

/**
 * The media type yoga's regular result processor answers with: yoga's own negotiation
 * (plugins/use-result-processor.js), of which a plugin is not told the outcome. Accept entries
 * are read last to first, and for each the last matching type wins.
 */
export function negotiatedMediaType(accept: string | null): string | undefined {
  const asked = (accept ?? '*/*')
    .replace(/\s/g, '')
    .toLowerCase()
    .split(',')
    .filter((entry) => {
      const charset = entry.split(';').find((parameter) => parameter.includes('charset='));
      return charset === undefined || charset === 'charset=utf-8';
    })
    .map((entry) => entry.split(';')[0] ?? '')
    .reverse();
  let chosen: string | undefined;
  for (const mediaType of asked) {
    const [askedType, askedSubtype] = mediaType.split('/');
    for (const offered of [GRAPHQL_RESPONSE, JSON_RESPONSE]) {
      const [type, subtype] = offered.split('/');
      if ((askedType === '*' || askedType === type) && (askedSubtype === '*' || askedSubtype === subtype)) {
        chosen = offered;
      }
    }
  }
  return chosen;
}

/** The status of `result` answered as `mediaType`, given the status yoga computed. */
export function graphqlStatus(result: ExecutionResult, mediaType: string, yogaStatus: number): number {
  const hasData = result.data !== null && result.data !== undefined;
  if (hasData && mediaType === GRAPHQL_RESPONSE) return 200;
  const limit = result.errors?.find((error) => error instanceof DocumentLimitError);
  if (!('data' in result) && limit) return Math.max(yogaStatus, errorStatus(limit.code));
  return yogaStatus;
}

export function useGraphQLResponseStatus(): Plugin {
  return {
    // Runs after yoga's own hook, which has chosen the processor.
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      if (resultProcessor !== processRegularResult || Array.isArray(result)) return;
      const mediaType = negotiatedMediaType(request.headers.get('accept'));
      if (!mediaType) return;
      setResultProcessor((processed, fetchAPI, acceptedMediaType) => {
        const response = processRegularResult(processed, fetchAPI, acceptedMediaType);
        const status = graphqlStatus(processed as ExecutionResult, acceptedMediaType, response.status);
        if (status === response.status) return response;
        return new fetchAPI.Response(response.body, { status, headers: response.headers });
      }, mediaType);
    },
  };
}
