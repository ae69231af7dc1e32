// Execution of hot documents compiled to JavaScript (graphql-jit): a page of 50 jobs with their
// notes resolves about a thousand fields, where graphql-js's interpreter and its null-prototype
// result objects (slow to serialise) cost a fifth of the request (docs/PERFORMANCE.md).
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, getVariableValues, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * A document is compiled once it has run `afterRuns` times (GRAPHQL_JIT_AFTER_RUNS). Compiling
 * costs more than one run, so documents seen once (typos, probes, a fuzzer) stay on graphql-js,
 * and a client cannot make the server compile on every request.
 */
export function useJitForHotDocuments(afterRuns: number): Plugin {
  // Keyed by the parsed document: yoga's parse cache hands out the same object for the same text.
  const runs = new WeakMap<DocumentNode, number>();
  return useGraphQlJit(
    {},
    {
      enableIf: ({ schema, document, operationName, variableValues }) => {
        const count = (runs.get(document) ?? 0) + 1;
        runs.set(document, count);
        if (count <= afterRuns) return false;
        // Bad variables go to graphql-js, whose errors (and yoga's 400 for them) clients and the
        // REST routes know; graphql-jit words them differently and answers 200.
        const definitions = getOperationAST(document, operationName)?.variableDefinitions ?? [];
        if (definitions.length === 0) return true;
        return !getVariableValues(schema, definitions, variableValues ?? {}, { maxErrors: 1 }).errors;
      },
    },
  ) as Plugin;
}
