// Fixed-set inputs (SPEC Part 2, "Decisions"): an argument or input field whose value is one of a
// fixed set takes it quoted or bare, `module: "login"` and `module: login`, and from a variable
// as a string. A GraphQL enum takes only the bare spelling in a document, so such inputs are a
// custom scalar per set instead, named like the set (a client's `$module: OtpModule!` stays
// valid), whose description lists the values; codegen.yml maps it to a TypeScript union. Output
// fields stay enums. An unknown value is BAD_USER_INPUT naming the field and listing the values.
import {
  GraphQLScalarType,
  Kind,
  BREAK,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { AppError } from '../lib/errors.ts';
import { AppGraphQLError } from './errors.ts';

/**
 * An unknown value of a fixed set: BAD_USER_INPUT, an AppError underneath; `named` puts the
 * field's name in front of the message (and in `field`).
 */
export class FixedSetValueError extends AppGraphQLError {
  constructor(
    readonly allowed: readonly string[],
    options: { nodes?: ASTNode | readonly ASTNode[]; field?: string } = {},
  ) {
    const rule = `must be one of: ${allowed.join(', ')}`;
    super(options.field ? AppError.invalid(options.field, rule) : new AppError('BAD_USER_INPUT', `Value ${rule}`), {
      nodes: options.nodes,
    });
  }

  named(field: string, nodes: readonly ASTNode[] | undefined): FixedSetValueError {
    return new FixedSetValueError(this.allowed, { field, nodes });
  }
}

/** The GraphQL type of a fixed-set input: one scalar per set. */
export function fixedSetScalar<const Value extends string>(
  name: string,
  values: readonly Value[],
  description: string,
): GraphQLScalarType<Value, Value> {
  const allowed = new Set<string>(values);
  const check = (value: unknown, node?: ValueNode): Value => {
    if (typeof value === 'string' && allowed.has(value)) return value as Value;
    throw new FixedSetValueError(values, { nodes: node });
  };
  return new GraphQLScalarType<Value, Value>({
    name,
    description: `${description} One of: ${values.join(', ')}; quoted ("${values[0]}") or bare (${values[0]}).`,
    // Input only, so serialize just prints default values; SOFA also calls it on each REST body
    // value before execution checks it (parseValue), whose error names the field.
    serialize: (value) => String(value) as Value,
    parseValue: (value) => check(value),
    parseLiteral: (node) =>
      node.kind === Kind.STRING || node.kind === Kind.ENUM ? check(node.value, node) : check(undefined, node),
  });
}

/** The argument or input field a value node sits in, looked up in the document. */
function fieldOf(document: DocumentNode, target: ASTNode): string | undefined {
  let field: string | undefined;
  visit(document, {
    enter(node, _key, parent, _path, ancestors) {
      if (node !== target) return undefined;
      // `ancestors` stops before the parent; a value in a list sits further up.
      const chain = [...ancestors, parent] as (ASTNode | readonly ASTNode[] | undefined)[];
      for (let index = chain.length - 1; index >= 0; index -= 1) {
        const ancestor = chain[index];
        if (
          ancestor &&
          'kind' in ancestor &&
          (ancestor.kind === Kind.ARGUMENT || ancestor.kind === Kind.OBJECT_FIELD)
        ) {
          field = ancestor.name.value;
          break;
        }
      }
      return BREAK;
    },
  });
  return field;
}

/**
 * A literal refused by the scalar reaches the client through graphql-js's validation, which
 * reports the scalar's error as it is: this names the field there. A variable's value is named
 * by `namedFixedSetError` in the error mask.
 */
export function useFixedSetFieldNames(): Plugin {
  return {
    onValidate({ params }) {
      return ({ result: errors, setResult }) => {
        const result = errors as readonly GraphQLError[];
        const documentAST = params.documentAST as DocumentNode;
        if (!result.some((error) => error instanceof FixedSetValueError && !error.extensions.field)) return;
        setResult(
          result.map((error) => {
            const node = error.nodes?.[0];
            if (!(error instanceof FixedSetValueError) || error.extensions.field || !node) return error;
            const field = fieldOf(documentAST, node);
            return field ? error.named(field, error.nodes) : error;
          }),
        );
      };
    },
  };
}

/**
 * graphql-js wraps a variable's refusal as `Variable "$module" got invalid value ...`, with the
 * scalar's error as its originalError: named after the variable (a REST body's field).
 */
export function namedFixedSetError(error: GraphQLError, original: unknown): GraphQLError | undefined {
  const definition = error.nodes?.[0];
  if (!(original instanceof FixedSetValueError) || definition?.kind !== Kind.VARIABLE_DEFINITION) return undefined;
  return original.named(definition.variable.name.value, error.nodes);
}
