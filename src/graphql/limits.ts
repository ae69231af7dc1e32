// Every limit on a GraphQL document, in one place (graphql-armor). The seed's documents use
// depth 3, no aliases and about 30 tokens; GraphiQL's introspection query passes too.
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config/env.ts';

export const GRAPHQL_LIMITS = {
  /** `jobs { notes { job { notes { ... } } } }` is depth 5; 8 leaves room for real clients. */
  maxDepth: 8,
  /** Aliases multiply work in one request; 10 covers a dashboard that asks a few lists at once. */
  maxAliases: 10,
  /** Lexer tokens: stops huge documents before they are parsed in full. */
  maxTokens: 2_000,
  maxDirectives: 20,
  /** graphql-armor's cost: objects 2, scalars 1, times depth. */
  maxCost: 5_000,
} as const;

/**
 * graphql-armor throws from inside validation by default, which ends validation early and
 * reaches the client as a 200 "Syntax Error". Report instead, like every other validation
 * error: status 400, a code, and the other rules still run.
 */
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => {
      context?.reportError(
        new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
        }),
      );
    },
  ],
};

export function useGraphQLLimits(settings: Config['graphql']): Plugin[] {
  const plugins: Plugin[] = [
    // Runs in the parser, before validation: a too-long document is a syntax error there.
    maxTokensPlugin({ n: GRAPHQL_LIMITS.maxTokens }),
    maxDepthPlugin({
      n: GRAPHQL_LIMITS.maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...reportAsValidationError,
    }),
    maxAliasesPlugin({ n: GRAPHQL_LIMITS.maxAliases, ...reportAsValidationError }),
    maxDirectivesPlugin({ n: GRAPHQL_LIMITS.maxDirectives, ...reportAsValidationError }),
    costLimitPlugin({ maxCost: GRAPHQL_LIMITS.maxCost, ignoreIntrospection: true, ...reportAsValidationError }),
  ];
  // Suggestions ("Did you mean ...?") and introspection map the schema for an attacker.
  if (!settings.fieldSuggestions) plugins.push(blockFieldSuggestionsPlugin());
  if (!settings.introspection) plugins.push(useDisableIntrospection());
  return plugins;
}
