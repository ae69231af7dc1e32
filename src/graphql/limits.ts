// Every limit on a GraphQL document, in one place (graphql-armor). The seed's documents use
// depth 3, no aliases and about 30 tokens; GraphiQL's introspection query passes too.
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError, Lexer, parse, Source, TokenKind, type ParseOptions, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config/env.ts';
import type { ErrorCode } from '../lib/errors.ts';
import { errorExtensions } from './errors.ts';

export const GRAPHQL_LIMITS = {
  /** `jobs { notes { job { notes { ... } } } }` is depth 5; 8 leaves room for real clients. */
  maxDepth: 8,
  /** Aliases multiply work in one request; 10 covers a dashboard that asks a few lists at once. */
  maxAliases: 10,
  /** Lexer tokens: stops huge documents before they are parsed in full. */
  maxTokens: 2_000,
  /**
   * Open brackets, braces and parentheses at once. graphql-js parses nesting by recursion and runs
   * out of stack at about 2,000 levels of `[` or `{`; no document that passes maxDepth nests past
   * about 12 (GraphiQL's introspection query: 11), and no input of the schema past 3.
   */
  maxNesting: 32,
  maxDirectives: 20,
  /**
   * graphql-armor's cost: objects 2, scalars 1, times 1.5 per level, and a field's cost times its
   * literal `first`/`last`. A jobsConnection page of 100 (its maximum) with every field and relation
   * costs about 30,000 (tests/graphql/document-cost.test.ts); ten under aliases, 300,000. Without
   * a list argument, the token, depth and alias limits above keep documents far below this.
   */
  maxCost: 40_000,
} as const;

/**
 * A refusal of the API's own limits (document size, nesting, depth, aliases, cost, one auth
 * mutation): a request error, 400 whatever the Accept header (src/graphql/response-status.ts).
 */
export class DocumentLimitError extends GraphQLError {
  readonly code: DocumentLimitCode;

  constructor(message: string, options: { code: DocumentLimitCode; nodes?: GraphQLError['nodes'] }) {
    super(message, { nodes: options.nodes, extensions: errorExtensions(options.code) });
    this.code = options.code;
  }
}

/** The codes of a refused document: each a 400 (src/lib/errors.ts). */
type DocumentLimitCode = Extract<ErrorCode, 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED' | 'BAD_USER_INPUT'>;

/**
 * Counts tokens and nesting with graphql-js's lexer, which loops (no recursion), before the
 * parser, which recurses once per level, sees the document: a document over either limit never
 * reaches the parser. A document the lexer cannot read is left to the parser, whose error names
 * the place; it stops there at the latest, within what was counted.
 */
export function checkDocumentSize(body: string): void {
  const lexer = new Lexer(new Source(body));
  let tokens = 0;
  let nesting = 0;
  for (;;) {
    let kind: TokenKind;
    try {
      kind = lexer.advance().kind;
    } catch {
      return;
    }
    if (kind === TokenKind.EOF) return;
    tokens += 1;
    if (tokens > GRAPHQL_LIMITS.maxTokens) {
      throw new DocumentLimitError(`Syntax Error: Token limit of ${GRAPHQL_LIMITS.maxTokens} exceeded.`, {
        code: 'GRAPHQL_PARSE_FAILED',
      });
    }
    if (kind === TokenKind.BRACE_L || kind === TokenKind.BRACKET_L || kind === TokenKind.PAREN_L) {
      nesting += 1;
      if (nesting > GRAPHQL_LIMITS.maxNesting) {
        throw new DocumentLimitError(
          `Syntax Error: Nesting limit of ${GRAPHQL_LIMITS.maxNesting} exceeded: brackets, braces and parentheses may nest at most ${GRAPHQL_LIMITS.maxNesting} deep.`,
          { code: 'GRAPHQL_PARSE_FAILED' },
        );
      }
    } else if (kind === TokenKind.BRACE_R || kind === TokenKind.BRACKET_R || kind === TokenKind.PAREN_R) {
      nesting -= 1;
    }
  }
}

/** yoga's parser cache keeps the outcome per document text, so each text is counted once. */
function useDocumentSizeLimits(): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source: string | Source, options?: ParseOptions) => {
        checkDocumentSize(typeof source === 'string' ? source : source.body);
        return parse(source, options);
      });
    },
  };
}

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
        new DocumentLimitError(error.message.replace(/^Syntax Error: /, ''), { code: 'GRAPHQL_VALIDATION_FAILED' }),
      );
    },
  ],
};

export function useGraphQLLimits(settings: Config['graphql']): Plugin[] {
  const plugins: Plugin[] = [
    // Before the parser: a too-long or too-deep document is a syntax error there.
    useDocumentSizeLimits(),
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
