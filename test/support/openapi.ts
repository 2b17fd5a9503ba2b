import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { parse } from 'yaml';

/** docs/openapi.yaml and serverless.yml, read as data: the two descriptions of the routes. */
const REPO_ROOT = new URL('../../', import.meta.url);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const readRepoYaml = (path: string): JsonObject => {
  const value = parse(readFileSync(new URL(path, REPO_ROOT), 'utf8')) as Json;
  if (!isObject(value)) throw new Error(`${path} is not a YAML mapping`);
  return value;
};

export const loadOpenApi = (): JsonObject => readRepoYaml('docs/openapi.yaml');

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Follows a local `#/a/b` reference inside the document; throws on one that leads nowhere. */
export const resolveRef = (document: JsonObject, ref: string): Json => {
  if (!ref.startsWith('#/')) throw new Error(`Not a local reference: ${ref}`);
  let node: Json = document;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) || !Object.hasOwn(node, part)) throw new Error(`Unresolved $ref ${ref}`);
    node = node[part] as Json;
  }
  return node;
};

/** An object, or what its `$ref` points at (one level, as OpenAPI components are written). */
export const deref = (document: JsonObject, value: Json | undefined): JsonObject => {
  if (!isObject(value)) throw new Error('Expected an object in the OpenAPI document');
  const target = typeof value.$ref === 'string' ? resolveRef(document, value.$ref) : value;
  if (!isObject(target)) throw new Error('A $ref leads to something that is not an object');
  return target;
};

const BASE = 'https://ogone-feedback.local/openapi.json';

/** Local refs made absolute, so that a schema taken out of the document still finds its parts. */
const absolute = (value: Json): Json => {
  if (Array.isArray(value)) return value.map(absolute);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/')
        ? [key, `${BASE}${inner}`]
        : [key, absolute(inner)],
    ),
  );
};

/**
 * Ajv for OpenAPI 3.1's dialect (JSON Schema 2020-12), strict, with the document's components
 * registered so that every `#/components/schemas/…` reference resolves.
 */
export const schemaCompiler = (document: JsonObject) => {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  // ajv-formats is CommonJS; its module object carries the plugin as `default` in every loader.
  formats.default(ajv);
  ajv.addKeyword({ keyword: 'components' });
  ajv.addSchema({ $id: BASE, components: absolute(document.components ?? {}) as JsonObject });
  return (schema: Json): ValidateFunction => ajv.compile(absolute(schema) as JsonObject);
};

/** One route as serverless.yml declares it for API Gateway's HTTP API. */
export interface DeclaredRoute {
  readonly functionName: string;
  readonly handler: string;
  /** Uppercase, or `*` for every other method. */
  readonly method: string;
  readonly path: string;
  readonly iam: boolean;
}

export const declaredRoutes = (): DeclaredRoute[] => {
  const functions = readRepoYaml('serverless.yml').functions;
  if (!isObject(functions)) throw new Error('serverless.yml has no functions');
  return Object.entries(functions).flatMap(([functionName, definition]) => {
    if (!isObject(definition) || !Array.isArray(definition.events)) return [];
    return definition.events.flatMap((event) => {
      const httpApi = isObject(event) ? event.httpApi : undefined;
      if (!isObject(httpApi)) return [];
      const authorizer = httpApi.authorizer;
      return [
        {
          functionName,
          handler: String(definition.handler),
          method: String(httpApi.method).toUpperCase(),
          path: String(httpApi.path),
          iam: isObject(authorizer) && authorizer.type === 'aws_iam',
        },
      ];
    });
  });
};
