import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, PROVIDERS } from '../../lib/accounts/account.js';
import { SHA_IN_NAMES } from '../../lib/ogone/sha-in-names.js';
import { ALL_STATES } from '../../lib/transactions/states.js';
import {
  ANOMALY_TYPES,
  NOTIFICATION_SOURCES,
  OUTCOMES,
} from '../../lib/transactions/transaction.js';
import {
  declaredRoutes,
  deref,
  HTTP_METHODS,
  isObject,
  type Json,
  type JsonObject,
  loadOpenApi,
  resolveRef,
  schemaCompiler,
} from '../support/openapi.js';

/**
 * docs/openapi.yaml as a document: valid OpenAPI 3.1 structure as far as it can be checked
 * without a full validator, the same routes as serverless.yml, and the same enumerations as the
 * code, so that neither side can change alone. Its answers are checked against the real handlers
 * in test/integration/openapi-answers.test.ts.
 */
const document = loadOpenApi();
const paths = document.paths as JsonObject;

const operations = (): { path: string; method: string; operation: JsonObject }[] =>
  Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item as JsonObject)
      .filter(([key]) => HTTP_METHODS.includes(key))
      .map(([method, operation]) => ({ path, method, operation: operation as JsonObject })),
  );

const refsIn = (value: Json): string[] => {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
};

const enumOf = (name: string): Json => {
  const schema = deref(document, { $ref: `#/components/schemas/${name}` });
  return schema.enum as Json;
};

const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe('docs/openapi.yaml structure', () => {
  it('is an OpenAPI 3.1 document with info and paths', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(isObject(document.info)).toBe(true);
    const info = document.info as JsonObject;
    expect(typeof info.title).toBe('string');
    expect(typeof info.version).toBe('string');
    expect(Object.keys(paths).length).toBeGreaterThan(0);
    const allowed = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks'];
    allowed.push('components', 'security', 'tags', 'externalDocs');
    for (const key of Object.keys(document)) {
      if (!key.startsWith('x-')) expect(allowed).toContain(key);
    }
  });

  it('resolves every $ref inside itself', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(() => resolveRef(document, ref), ref).not.toThrow();
  });

  it('declares every path parameter, and only those, for each operation', () => {
    for (const { path, method, operation } of operations()) {
      expect(path.startsWith('/'), path).toBe(true);
      const templated = sorted([...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? ''));
      const item = paths[path] as JsonObject;
      const parameters = [
        ...((item.parameters as Json[] | undefined) ?? []),
        ...((operation.parameters as Json[] | undefined) ?? []),
      ].map((parameter) => deref(document, parameter));
      const inPath = parameters.filter((parameter) => parameter.in === 'path');
      expect(sorted(inPath.map((p) => String(p.name))), `${method} ${path}`).toEqual(templated);
      for (const parameter of inPath) expect(parameter.required).toBe(true);
      for (const parameter of parameters) {
        expect(['query', 'header', 'path', 'cookie']).toContain(parameter.in);
        expect(isObject(parameter.schema) || isObject(parameter.content)).toBe(true);
      }
    }
  });

  it('gives each operation a unique operationId and described responses with valid codes', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations()) {
      expect(typeof operation.operationId).toBe('string');
      const responses = operation.responses as JsonObject;
      expect(Object.keys(responses).length, `${method} ${path}`).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(responses)) {
        expect(status).toMatch(/^([1-5][0-9][0-9]|[1-5]XX|default)$/);
        expect(typeof deref(document, response).description).toBe('string');
      }
    }
  });

  it('uses only security schemes it defines', () => {
    const schemes = (document.components as JsonObject).securitySchemes as JsonObject;
    for (const scheme of Object.values(schemes)) {
      expect(['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect']).toContain(
        (scheme as JsonObject).type,
      );
    }
    for (const { operation } of operations()) {
      for (const requirement of (operation.security as Json[] | undefined) ?? []) {
        for (const name of Object.keys(requirement as JsonObject)) {
          expect(Object.keys(schemes)).toContain(name);
        }
      }
    }
  });

  it('compiles every schema, header and parameter schema as strict JSON Schema 2020-12', () => {
    const compile = schemaCompiler(document);
    const components = document.components as JsonObject;
    for (const name of Object.keys(components.schemas as JsonObject)) {
      expect(() => compile({ $ref: `#/components/schemas/${name}` }), name).not.toThrow();
    }
    for (const group of ['headers', 'parameters'] as const) {
      for (const [name, value] of Object.entries(components[group] as JsonObject)) {
        expect(() => compile((value as JsonObject).schema as Json), name).not.toThrow();
      }
    }
  });
});

describe('docs/openapi.yaml against serverless.yml', () => {
  const routes = declaredRoutes();
  const explicit = routes.filter((route) => route.method !== '*');

  it('documents every declared route, with IAM exactly where serverless.yml puts it', () => {
    expect(routes.length).toBeGreaterThan(0);
    for (const route of explicit) {
      const item = paths[route.path];
      expect(isObject(item), route.path).toBe(true);
      const operation = (item as JsonObject)[route.method.toLowerCase()];
      expect(isObject(operation), `${route.method} ${route.path}`).toBe(true);
      const security = ((operation as JsonObject).security as Json[] | undefined) ?? [];
      const iam = security.some((requirement) => isObject(requirement) && 'iam' in requirement);
      expect(iam, `${route.method} ${route.path}`).toBe(route.iam);
    }
  });

  it('documents a catch-all route as the other methods, each answered 405 only', () => {
    for (const route of routes.filter((r) => r.method === '*')) {
      const item = paths[route.path] as JsonObject;
      const taken = explicit
        .filter((r) => r.path === route.path)
        .map((r) => r.method.toLowerCase());
      const others = HTTP_METHODS.filter((method) => !taken.includes(method) && method in item);
      expect(others.length, route.path).toBeGreaterThan(0);
      for (const method of others) {
        expect(Object.keys((item[method] as JsonObject).responses as JsonObject)).toEqual(['405']);
      }
    }
  });

  it('documents no route that serverless.yml does not declare', () => {
    for (const { path, method } of operations()) {
      const covered = routes.some(
        (route) =>
          route.path === path && (route.method === method.toUpperCase() || route.method === '*'),
      );
      expect(covered, `${method.toUpperCase()} ${path}`).toBe(true);
    }
  });
});

describe('docs/openapi.yaml against the code', () => {
  it('lists exactly the states, outcomes, sources and anomaly types of lib/transactions', () => {
    expect(sorted(enumOf('TransactionState') as string[])).toEqual(sorted(ALL_STATES));
    expect(sorted(enumOf('NotificationOutcome') as string[])).toEqual(
      sorted(Object.values(OUTCOMES)),
    );
    expect(sorted(enumOf('NotificationSource') as string[])).toEqual(
      sorted(Object.values(NOTIFICATION_SOURCES)),
    );
    expect(sorted(enumOf('AnomalyType') as string[])).toEqual(sorted(Object.values(ANOMALY_TYPES)));
  });

  it('lists exactly the providers, and the account id rule, of lib/accounts', () => {
    expect(sorted(enumOf('Provider') as string[])).toEqual(sorted(PROVIDERS));
    const accountId = deref(document, { $ref: '#/components/schemas/AccountId' });
    expect(accountId.pattern).toBe(ACCOUNT_ID.source);
  });

  it('declares every {account} path segment as the account id parameter', () => {
    const accountPath = '#/components/parameters/AccountPath';
    const parameter = deref(document, { $ref: accountPath });
    expect(parameter.schema).toEqual({ $ref: '#/components/schemas/AccountId' });
    const templated = operations().filter(({ path }) => path.includes('{account}'));
    expect(templated.length).toBeGreaterThan(2);
    for (const { path, method, operation } of templated) {
      const item = paths[path] as JsonObject;
      const refs = [
        ...((item.parameters as Json[] | undefined) ?? []),
        ...((operation.parameters as Json[] | undefined) ?? []),
      ].flatMap((value) => (isObject(value) && typeof value.$ref === 'string' ? [value.$ref] : []));
      expect(refs, `${method} ${path}`).toContain(accountPath);
    }
  });

  it('documents only payment request fields that are on the SHA-IN list', () => {
    const paymentRequest = deref(document, { $ref: '#/components/schemas/PaymentRequest' });
    const fields = (paymentRequest.properties as JsonObject).fields as JsonObject;
    const names = Object.keys(fields.properties as JsonObject).filter((n) => n !== 'SHASIGN');
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(SHA_IN_NAMES as readonly string[]).toContain(name);
  });
});
