// Execution of hot documents compiled to JavaScript (graphql-jit): a page of 50 jobs with their
// notes resolves about a thousand fields, where graphql-js's interpreter and its null-prototype
// result objects (slow to serialise) cost a fifth of the request (docs/PERFORMANCE.md).
import { getOperationAST, getVariableValues, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

type JitHooks = Required<Pick<Plugin, 'onExecute' | 'onSubscribe'>>;

/**
 * graphql-jit (and its compiler) is loaded on the first hot document, not at start: no request
 * before that needs it, and the start is faster without it (docs/PERFORMANCE.md, "Start-up").
 */
function loadJit(): () => JitHooks | Promise<JitHooks> {
  let loaded: JitHooks | undefined;
  let loading: Promise<JitHooks> | undefined;
  return () =>
    loaded ??
    (loading ??= import('@envelop/graphql-jit').then(({ useGraphQlJit }) => {
      loaded = useGraphQlJit(
        {},
        {
          // Bad variables go to graphql-js, whose errors (and yoga's 400 for them) clients and the
          // REST routes know; graphql-jit words them differently and answers 200.
          enableIf: ({ schema, operationName, document, variableValues }) => {
            const definitions = getOperationAST(document, operationName)?.variableDefinitions ?? [];
            if (definitions.length === 0) return true;
            return !getVariableValues(schema, definitions, variableValues ?? {}, { maxErrors: 1 }).errors;
          },
        },
      ) as JitHooks;
      return loaded;
    }, retryNextTime));
  function retryNextTime(error: unknown): never {
    loading = undefined;
    throw error;
  }
}

/**
 * A document is compiled once it has run `afterRuns` times (GRAPHQL_JIT_AFTER_RUNS). Compiling
 * costs more than one run, so documents seen once (typos, probes, a fuzzer) stay on graphql-js,
 * and a client cannot make the server compile on every request.
 */
export function useJitForHotDocuments(afterRuns: number): Plugin {
  // Keyed by the parsed document: yoga's parse cache hands out the same object for the same text.
  const runs = new WeakMap<DocumentNode, number>();
  const jit = loadJit();
  const isHot = (document: DocumentNode) => {
    const count = (runs.get(document) ?? 0) + 1;
    runs.set(document, count);
    return count > afterRuns;
  };
  return {
    // Synchronous once loaded; only the very first hot document waits for the import.
    onExecute(payload) {
      if (!isHot(payload.args.document as DocumentNode)) return;
      const hooks = jit();
      if (!(hooks instanceof Promise)) return hooks.onExecute(payload);
      return hooks.then((loaded) => loaded.onExecute(payload));
    },
    onSubscribe(payload) {
      if (!isHot(payload.args.document as DocumentNode)) return;
      const hooks = jit();
      if (!(hooks instanceof Promise)) return hooks.onSubscribe(payload);
      return hooks.then((loaded) => loaded.onSubscribe(payload));
    },
  };
}
