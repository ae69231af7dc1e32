// The OpenAPI document of a module's REST routes (the auth module's, src/modules/auth/auth.rest.ts),
// at GET /openapi.json. It stays generated from the schema: it is SOFA's own document (fets builds
// it from the GraphQL fields of the route table), read in-process once, then corrected to describe
// the routes as they really answer:
// - only the routes of the table, with their full paths (SOFA lists every Query and Mutation
//   field, under a server "/auth");
// - no query parameters on POST routes (SOFA lists every argument twice, as query parameter too);
// - snake_case names in bodies and responses (src/http/rest-shim.ts translates them);
// - the defaults of GraphQL arguments, and the enums, patterns and lengths of the input rules;
// - the errors of each route, in the Error shape of rest-shim.ts, with the body cap's 413
//   (src/http/security.ts) and the 405 of another method; bearer security on the routes that need
//   a token and `security: []` on the others; no body required where the field takes no argument;
// - REST names in the prose too: `accessToken` is `access_token`, `verifyOtp` is POST /auth/verify-otp.
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { OpenAPIV3 } from 'openapi-types';
import { z } from 'zod';
import { jsonErrorResponse } from '../lib/errors.ts';
import { MAX_BODY_BYTES } from './security.ts';
import {
  sofaOpenApiPath,
  SOFA_OPENAPI_ACCESS,
  toRestName,
  type RestApi,
  type RestErrorStatus as ErrorStatus,
  type RestRoute,
} from './rest-shim.ts';

export const OPENAPI_PATH = '/openapi.json';

type Schema = OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject;

// Every route answers these too (whatever the module): the body cap, another method.
const TOO_LARGE = `PAYLOAD_TOO_LARGE: the request body is over ${MAX_BODY_BYTES} bytes.`;
const WRONG_METHOD =
  'METHOD_NOT_ALLOWED: the path was called with another method than this one; the Allow header names it.';
/** The Error schema; `codes`: the module's prose list of its `code` values. */
const errorSchema = (codes: string): OpenAPIV3.SchemaObject => ({
  type: 'object',
  description: 'Every error of the REST routes.',
  required: ['code', 'message'],
  properties: {
    code: {
      type: 'string',
      description: codes,
    },
    message: { type: 'string', description: 'For people; names the field at fault in snake_case.' },
    field: { type: 'string', description: 'The input field at fault, for BAD_USER_INPUT.' },
    attempts_remaining: { type: 'integer', description: 'Wrong codes left before a block, for INVALID_OTP.' },
    retry_after: { type: 'integer', description: 'Seconds until the block ends, for TOO_MANY_REQUESTS.' },
  },
});

const RETRY_AFTER: OpenAPIV3.HeaderObject = {
  description: 'Seconds to wait before trying again.',
  schema: { type: 'integer' },
};

const ALLOW: OpenAPIV3.HeaderObject = {
  description: 'The one method this path takes.',
  required: true,
  schema: { type: 'string' },
};

const isRef = (value: object): value is OpenAPIV3.ReferenceObject => '$ref' in value;

/** Each route's GraphQL field name → how REST calls it ("POST /auth/verify-otp"). */
type RouteOfField = ReadonlyMap<string, string>;

function routeOfField({ basePath, routes }: RestApi): RouteOfField {
  return new Map(
    Object.entries<RestRoute>(routes).map(([key, route]) => [
      key.split('.')[1] ?? key,
      `${route.method} ${basePath}${route.path}`,
    ]),
  );
}

/**
 * Prose written for GraphQL (field descriptions), as REST says it: a route's field name, bare
 * and camelCase or in backticks, becomes the route; any other camelCase word, its snake_case name.
 */
function toRestText(text: string, routeOf: RouteOfField): string {
  return text.replace(/`([A-Za-z]+)`|\b([a-z]+(?:[A-Z][a-z\d]*)+)\b/g, (match, quoted?: string, bare?: string) => {
    const name = quoted ?? bare ?? '';
    const route = routeOf.get(name);
    if (route) return `\`${route}\``;
    return bare ? toRestName(bare) : match;
  });
}

/** `value` with toRestText applied to every summary and description, at every depth. */
function withRestText<T>(value: T, routeOf: RouteOfField): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withRestText(item, routeOf)) as T;
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      (key === 'description' || key === 'summary') && typeof item === 'string'
        ? toRestText(item, routeOf)
        : withRestText(item, routeOf),
    ]),
  ) as T;
}

/** A copy of `schema` whose property names are the REST names (snake_case), at every depth. */
function toRestSchema(schema: Schema): Schema {
  if (isRef(schema)) return { ...schema };
  const copy = { ...schema } as OpenAPIV3.SchemaObject & { items?: Schema };
  if (schema.properties) {
    copy.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [toRestName(name), toRestSchema(property)]),
    );
  }
  if (schema.required) copy.required = schema.required.map(toRestName);
  if ('items' in schema && schema.items) copy.items = toRestSchema(schema.items);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (list) copy[key] = list.map(toRestSchema);
  }
  return copy;
}

/** The names of the component schemas `value` refers to. */
function referencedSchemas(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) referencedSchemas(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.add(item.replace('#/components/schemas/', ''));
      else referencedSchemas(item, found);
    }
  }
  return found;
}

function jsonSchemaOf(content: { [media: string]: OpenAPIV3.MediaTypeObject } | undefined): Schema | undefined {
  return content?.['application/json']?.schema;
}

/** The request body of a route: SOFA's, in REST names, with defaults and the input rules' constraints. */
function requestBody(
  sofaOperation: OpenAPIV3.OperationObject,
  key: string,
  schema: GraphQLSchema,
  inputRules: RestApi['openApi']['inputRules'],
): OpenAPIV3.RequestBodyObject | undefined {
  const sofaBody = sofaOperation.requestBody;
  const bodySchema = sofaBody && !isRef(sofaBody) ? jsonSchemaOf(sofaBody.content) : undefined;
  if (!bodySchema || isRef(bodySchema)) return undefined;
  const [typeName = '', fieldName = ''] = key.split('.');
  const args = (schema.getType(typeName) as GraphQLObjectType).getFields()[fieldName]?.args ?? [];
  const rules = inputRules[key];
  const ruleProperties = rules
    ? ((z.toJSONSchema(rules, { io: 'input', unrepresentable: 'any' }).properties ?? {}) as Record<
        string,
        Record<string, unknown>
      >)
    : {};
  const properties: Record<string, Schema> = {};
  for (const [name, property] of Object.entries(bodySchema.properties ?? {})) {
    const arg = args.find((candidate) => candidate.name === name);
    const rule = ruleProperties[name] ?? {};
    // An enum narrowed by the rules (verify-otp takes register or login only) replaces SOFA's $ref.
    const base: OpenAPIV3.SchemaObject =
      Array.isArray(rule.enum) && rule.enum.length > 0
        ? { type: 'string', enum: rule.enum }
        : { ...(toRestSchema(property) as OpenAPIV3.SchemaObject) };
    for (const constraint of ['pattern', 'minLength', 'maxLength'] as const) {
      if (rule[constraint] !== undefined && !isRef(base)) Object.assign(base, { [constraint]: rule[constraint] });
    }
    if (arg?.description) base.description = arg.description;
    if (arg?.defaultValue !== undefined) base.default = arg.defaultValue;
    properties[toRestName(name)] = base;
  }
  const takesArguments = Object.keys(properties).length > 0;
  return {
    // A field without arguments needs no body: none, an empty one and {} are all accepted.
    required: takesArguments,
    ...(takesArguments ? {} : { description: 'Nothing is read from it; when sent, it must be a JSON object.' }),
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties,
          ...(bodySchema.required?.length ? { required: bodySchema.required.map(toRestName) } : {}),
        },
      },
    },
  };
}

function errorResponse(status: ErrorStatus, description: string): OpenAPIV3.ResponseObject {
  return {
    description,
    ...(status === 405 ? { headers: { Allow: ALLOW } } : {}),
    ...(status === 429 ? { headers: { 'Retry-After': { ...RETRY_AFTER, required: true } } } : {}),
    ...(status === 503 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

/** Routes that are not GraphQL fields (a module's own HTTP route), described by their module. */
export interface ExtraOpenApiPaths {
  tag: OpenAPIV3.TagObject;
  paths: OpenAPIV3.PathsObject;
  /** Component schemas its paths refer to (`#/components/schemas/<name>`), added to the document's. */
  schemas?: Record<string, OpenAPIV3.SchemaObject>;
}

/** SOFA's document, corrected: see the comment at the top of this file; then `extra`'s routes as given. */
export function restOpenApiDocument(
  sofa: OpenAPIV3.Document,
  schema: GraphQLSchema,
  api: RestApi,
  extra: readonly ExtraOpenApiPaths[] = [],
): OpenAPIV3.Document {
  const { basePath, openApi } = api;
  const routeOf = routeOfField(api);
  const paths: OpenAPIV3.PathsObject = {};
  for (const [key, route] of Object.entries<RestRoute>(api.routes)) {
    const method = route.method.toLowerCase() as OpenAPIV3.HttpMethods;
    const sofaOperation = sofa.paths[route.path]?.[method];
    if (!sofaOperation) throw new Error(`SOFA's OpenAPI document has no ${route.method} ${route.path}`);
    const [typeName = '', fieldName = ''] = key.split('.');
    const field = (schema.getType(typeName) as GraphQLObjectType).getFields()[fieldName];
    const parameters = (sofaOperation.parameters ?? [])
      .filter((parameter) => !isRef(parameter) && (parameter.in === 'path' || route.method === 'GET'))
      .map((parameter) => ({
        ...(parameter as OpenAPIV3.ParameterObject),
        name: toRestName((parameter as OpenAPIV3.ParameterObject).name),
      }));
    const success = sofaOperation.responses['200'];
    const successSchema = success && !isRef(success) ? jsonSchemaOf(success.content) : undefined;
    if (!successSchema) throw new Error(`SOFA's OpenAPI document has no 200 answer for ${route.method} ${route.path}`);
    const body = requestBody(sofaOperation, key, schema, openApi.inputRules);
    const docs = openApi.routes[key];
    if (!docs) throw new Error(`No OpenAPI text for the route of ${key}`);
    // Every route answers these too: the body cap (before anything reads a body), another method.
    const errors: Partial<Record<ErrorStatus, string>> = {
      ...docs.errors,
      ...(route.method === 'POST' ? { 413: TOO_LARGE } : {}),
      405: WRONG_METHOD,
    };
    const operation: OpenAPIV3.OperationObject = {
      operationId: fieldName,
      tags: [openApi.tag.name],
      ...(field?.description
        ? {
            // The first sentence: up to a full stop, not a colon (which leads into the rest).
            summary: /^.*?\.(?=\s|$)/.exec(field.description)?.[0] ?? field.description,
            description: field.description,
          }
        : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(body ? { requestBody: body } : {}),
      // `[]`: this route needs no token (there is no document-wide default to override).
      security: docs.bearer ? [{ bearerAuth: [] }] : [],
      responses: {
        200: {
          description: success && !isRef(success) && success.description ? success.description : 'Success',
          content: { 'application/json': { schema: toRestSchema(successSchema) } },
        },
        ...Object.fromEntries(
          Object.entries(errors).map(([status, description]) => [
            status,
            errorResponse(Number(status) as ErrorStatus, description),
          ]),
        ),
      },
    };
    paths[`${basePath}${route.path}`] = { [method]: operation };
  }

  // The component schemas the routes use (SOFA's hold every GraphQL type), in REST names.
  const sofaSchemas = sofa.components?.schemas ?? {};
  const schemas: Record<string, Schema> = { Error: errorSchema(openApi.errorCodes) };
  const pending = [...referencedSchemas(paths)];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (schemas[name]) continue;
    const component = sofaSchemas[name];
    if (!component) throw new Error(`SOFA's OpenAPI document has no schema ${name}`);
    schemas[name] = toRestSchema(component);
    pending.push(...referencedSchemas(component));
  }

  return {
    openapi: sofa.openapi,
    info: openApi.info,
    // Relative: the routes are on the server that serves this document, whatever its address.
    servers: [{ url: '/', description: 'The server that serves this document' }],
    tags: [openApi.tag, ...extra.map((part) => part.tag)],
    paths: Object.assign(withRestText(paths, routeOf), ...extra.map((part) => part.paths)) as OpenAPIV3.PathsObject,
    components: {
      schemas: Object.fromEntries(
        [
          ...Object.entries(withRestText(schemas, routeOf)),
          // A module's own schemas, as given (their prose is the module's).
          ...extra.flatMap((part) => Object.entries(part.schemas ?? {})),
        ].sort(([a], [b]) => a.localeCompare(b)),
      ),
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

/** How the plugin reaches SOFA's route: the app's own fetch, for a request it makes in-process. */
export type InternalFetch = (request: Request, serverContext: Record<symbol, unknown>) => Promise<Response>;

/**
 * Serves the document of `api`'s routes at /openapi.json, computed once (on the first request)
 * from SOFA's. `fetchInternal` is the app's fetch: SOFA's own route answers only requests made
 * through it with SOFA_OPENAPI_ACCESS in the server context.
 */
export function useOpenApiDocument(
  fetchInternal: InternalFetch,
  api: RestApi,
  path = OPENAPI_PATH,
  extra: readonly ExtraOpenApiPaths[] = [],
): Plugin {
  let schema: GraphQLSchema | undefined;
  let document: Promise<string> | undefined;

  async function compute(): Promise<string> {
    if (!schema) throw new Error('The GraphQL schema is not ready');
    const response = await fetchInternal(new Request(`http://internal${sofaOpenApiPath(api.basePath)}`), {
      [SOFA_OPENAPI_ACCESS]: true,
    });
    if (!response.ok) throw new Error(`SOFA's OpenAPI document answered ${response.status}`);
    return JSON.stringify(restOpenApiDocument((await response.json()) as OpenAPIV3.Document, schema, api, extra));
  }

  return {
    onSchemaChange({ schema: next }) {
      schema = next as GraphQLSchema;
      document = undefined;
    },
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== path) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(
          jsonErrorResponse(fetchAPI.Response, 'METHOD_NOT_ALLOWED', `Use GET ${path}`, { allow: 'GET, HEAD' }),
        );
        return;
      }
      document ??= compute().catch((error: unknown) => {
        document = undefined; // the next request tries again
        throw error;
      });
      const body = await document;
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : body, {
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' },
        }),
      );
    },
  };
}
