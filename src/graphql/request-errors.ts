// Errors of the HTTP request around a GraphQL document (a body that is not JSON, parameters of a
// GET that are not JSON), before any GraphQL runs: 400 with a code and a message of our own.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { graphqlError } from './errors.ts';

/**
 * yoga's parsers reject a malformed JSON body with a GraphQLError, but JSON.parse throws a plain
 * SyntaxError for `variables` or `extensions` of a GET or of a form body: that would be masked
 * as an unexpected 500. Both become the same 400 here.
 */
export function useRequestParameterErrors(): Plugin {
  return {
    // Runs after yoga's own hooks, which have chosen the parser for the content type.
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (!(error instanceof GraphQLError)) {
            throw graphqlError('BAD_REQUEST', 'The variables and extensions parameters must be JSON objects');
          }
          // The multipart parser's errors have neither a code nor a status.
          if (error.extensions.code) throw error;
          throw graphqlError('BAD_REQUEST', error.message);
        }
      });
    },
  };
}

/**
 * What a production error body may say about a request error: its message and its code (and the
 * HTTP status yoga reads, then drops). yoga's JSON parser adds `originalError` (the parser's
 * message, which quotes the body) in every mode.
 */
export function withoutInternals(error: GraphQLError): GraphQLError {
  if (!('originalError' in error.extensions)) return error;
  const {
    originalError: _originalError,
    http,
    ...extensions
  } = error.extensions as Record<string, unknown> & {
    http?: { status?: number };
  };
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    // Without its `spec` mark: under application/json yoga answers such errors 200 unless one
    // carries an originalError, and a body that is not JSON stays a 400.
    extensions: { ...extensions, ...(http?.status ? { http: { status: http.status } } : {}) },
  });
}
