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
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
  type VariableDefinitionNode,
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

/**
 * Where a refused value sits, as the client wrote it: the argument (or variable) then each input
 * field and list position on the way down, joined by dots like the services' zod paths
 * (`taskData.kind`, `filter.status.1`). A top-level argument or a variable of the scalar's own
 * type is just its name (`module`).
 */
type InputPath = readonly (string | number)[];
const printPath = (path: InputPath): string => path.join('.');

/** The path of a literal value node in the document: from its argument (or variable default). */
export function literalPath(document: DocumentNode, target: ASTNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    enter(node, _key, parent, _path, ancestors) {
      if (node !== target) return undefined;
      // `ancestors` stops before the parent; lists (arrays of nodes) sit in it too.
      const chain = [...ancestors, parent, node] as (ASTNode | readonly ASTNode[] | undefined)[];
      const path: (string | number)[] = [];
      chain.forEach((entry, index) => {
        if (!entry) return;
        if (!('kind' in entry)) return;
        if (entry.kind === Kind.ARGUMENT) path.splice(0, path.length, entry.name.value);
        else if (entry.kind === Kind.VARIABLE_DEFINITION) path.splice(0, path.length, entry.variable.name.value);
        else if (entry.kind === Kind.OBJECT_FIELD && path.length > 0) path.push(entry.name.value);
        else if (entry.kind === Kind.LIST && path.length > 0) {
          // The list's `values` array follows it in the chain, then the item on the way down.
          const item = chain[index + 2];
          const position = item && 'kind' in item ? entry.values.indexOf(item as ValueNode) : -1;
          if (position >= 0) path.push(position);
        }
      });
      if (path.length > 0) found = printPath(path);
      return BREAK;
    },
  });
  return found;
}

/**
 * The paths, in graphql-js's coercion order (input fields as the type declares them, list items
 * in order), of every value in a variable's JSON that a fixed-set scalar refuses. graphql-js
 * reports one error per refusal in that order, so the n-th error names the n-th path. A value
 * graphql-js refuses for another reason (not an object, a null for a non-null type) holds no
 * fixed-set refusal, as there.
 */
export function refusedFixedSetPaths(value: unknown, type: GraphQLInputType, path: InputPath): InputPath[] {
  if (isNonNullType(type)) return refusedFixedSetPaths(value, type.ofType, path);
  if (value === null || value === undefined) return [];
  if (isListType(type)) {
    // A single value stands for a list of one (input coercion), at the list's own path.
    if (!Array.isArray(value)) return refusedFixedSetPaths(value, type.ofType, path);
    return value.flatMap((item, index) => refusedFixedSetPaths(item, type.ofType, [...path, index]));
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return [];
    const fields = value as Record<string, unknown>;
    return Object.values(type.getFields()).flatMap((field) =>
      refusedFixedSetPaths(fields[field.name], field.type, [...path, field.name]),
    );
  }
  if (isScalarType(type)) {
    try {
      type.parseValue(value);
    } catch (error) {
      if (error instanceof FixedSetValueError) return [path];
    }
  }
  return [];
}

/** The fixed-set refusal inside one of graphql-js's variable errors, and its variable. */
function variableRefusal(
  error: GraphQLError,
): { refusal: FixedSetValueError; definition: VariableDefinitionNode } | undefined {
  const definition = error.nodes?.[0];
  if (definition?.kind !== Kind.VARIABLE_DEFINITION) return undefined;
  const refusal = error instanceof FixedSetValueError ? error : error.originalError;
  if (!(refusal instanceof FixedSetValueError) || refusal.extensions.field) return undefined;
  return { refusal, definition };
}

type ExecuteHooks = Exclude<Awaited<ReturnType<NonNullable<Plugin['onExecute']>>>, void>;

/** Names each fixed-set refusal in graphql-js's variable errors by its path in the variable. */
const namingVariableRefusals: ExecuteHooks = {
  onExecuteDone({ args, result, setResult }) {
    if (!('errors' in result)) return;
    const refused = result.errors as readonly GraphQLError[] | undefined;
    if (!refused?.some((error) => variableRefusal(error))) return;
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    // Each variable's refusals, taken in order by its errors.
    const pending = new Map<VariableDefinitionNode, InputPath[]>();
    const errors = refused.map((error) => {
      const found = variableRefusal(error);
      if (!found) return error;
      const { refusal, definition } = found;
      let paths = pending.get(definition);
      if (!paths) {
        const name = definition.variable.name.value;
        const type = typeFromAST(args.schema as GraphQLSchema, definition.type);
        paths = type && isInputType(type) ? refusedFixedSetPaths(variables[name], type, [name]) : [];
        pending.set(definition, paths);
      }
      const path = paths.shift();
      return path ? refusal.named(printPath(path), error.nodes) : error;
    });
    setResult({ ...result, errors });
  },
};

/**
 * A literal refused by the scalar reaches the client through graphql-js's validation, which
 * reports the scalar's error as it is; a variable's value, through graphql-js's variable
 * coercion, as `Variable "$taskData" got invalid value ...` wrapping it. Both are named here by
 * the full path to the refused value, computed from the document, the schema and the variables
 * (not from graphql-js's wording). `namedFixedSetError` in the error mask is the fallback.
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
            const field = literalPath(documentAST, node);
            return field ? error.named(field, error.nodes) : error;
          }),
        );
      };
    },
    // One hooks object for every request: onExecuteDone gets the execution's args itself.
    onExecute: () => namingVariableRefusals,
  };
}

/**
 * The error mask's fallback for a variable's refusal left unnamed above: named after the
 * variable (a REST body's field). One named already is left as it is.
 */
export function namedFixedSetError(error: GraphQLError, original: unknown): GraphQLError | undefined {
  const definition = error.nodes?.[0];
  if (!(original instanceof FixedSetValueError) || definition?.kind !== Kind.VARIABLE_DEFINITION) return undefined;
  if (original.extensions.field) return original;
  return original.named(definition.variable.name.value, error.nodes);
}
