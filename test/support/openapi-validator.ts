/**
 * Checks requests to (and responses from) the fake GitHub server against GitHub's official REST
 * description, `@octokit/openapi`'s `api.github.com` document (OpenAPI 3.0).
 *
 * The document is adapted generically for a JSON Schema validator: `nullable: true` becomes an
 * `anyOf` with `{type: "null"}`, every `$ref` points into one registered document, and the
 * number formats OpenAPI defines (int32, int64, double…) are accepted as annotations.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type JsonObject = Record<string, unknown>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** The id the adapted document is registered under; every `$ref` is rewritten against it. */
const SPEC_ID = 'https://api.github.com.openapi/spec';

export interface OperationMatch {
  operationId: string;
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}/comments`. */
  template: string;
  pathParams: Record<string, string>;
}

export interface RequestToValidate {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RequestValidation {
  operation: OperationMatch | undefined;
  violations: string[];
  /** The body does not satisfy the operation's schema: GitHub answers 422. */
  invalidBody: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonObject;
}

interface Operation {
  operationId: string;
  parameters?: JsonObject[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonObject }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonObject }> } | { $ref: string }>;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  paramNames: string[];
  /** Literal segments: when several templates match, the most literal one is the operation. */
  literalSegments: number;
  pointer: string;
  operation: Operation;
  parameters: Parameter[];
}

export class OpenApiValidator {
  private static instance: OpenApiValidator | undefined;

  private readonly ajv: Ajv;
  private readonly spec: JsonObject;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  /** The document is 13 MB: load it once per test process. */
  static shared(): OpenApiValidator {
    OpenApiValidator.instance ??= new OpenApiValidator(loadGithubDescription());
    return OpenApiValidator.instance;
  }

  private constructor(spec: JsonObject) {
    this.spec = adaptForJsonSchema(spec) as JsonObject;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, coerceTypes: false });
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
    addFormats(this.ajv);
    // OpenAPI's own formats are annotations on numbers and strings.
    for (const format of ['int32', 'int64', 'double', 'float', 'binary', 'byte', 'password', 'repo.nwo']) {
      this.ajv.addFormat(format, true);
    }
    this.ajv.addSchema({ $id: SPEC_ID, paths: this.spec['paths'], components: this.spec['components'] } as JsonObject);
    this.routes = buildRoutes(this.spec);
  }

  /** The documented operation for a method and a concrete path, or undefined. */
  match(method: string, path: string): OperationMatch | undefined {
    const route = this.findRoute(method, path);
    if (!route) return undefined;
    return { operationId: route.operation.operationId, method: route.method, template: route.template, pathParams: pathParamsOf(route, path) };
  }

  validateRequest(request: RequestToValidate): RequestValidation {
    const method = request.method.toLowerCase();
    const route = this.findRoute(method, request.path);
    const label = `${request.method.toUpperCase()} ${request.path}`;
    if (!route) return { operation: undefined, violations: [`${label}: no such operation in GitHub's REST description`], invalidBody: false };

    const operation: OperationMatch = { operationId: route.operation.operationId, method, template: route.template, pathParams: pathParamsOf(route, request.path) };
    const where = `${request.method.toUpperCase()} ${route.template} (${operation.operationId})`;
    const violations: string[] = [];

    for (const parameter of route.parameters.filter((p) => p.in === 'path')) {
      const value = operation.pathParams[parameter.name];
      if (value === undefined) violations.push(`${where}: path parameter ${parameter.name} missing`);
      else violations.push(...this.checkParameter(where, parameter, value));
    }

    const queryParameters = new Map(route.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const name of new Set(request.query.keys())) {
      const parameter = queryParameters.get(name);
      if (!parameter) {
        violations.push(`${where}: unknown query parameter "${name}" (documented: ${[...queryParameters.keys()].join(', ') || 'none'})`);
        continue;
      }
      for (const value of request.query.getAll(name)) violations.push(...this.checkParameter(where, parameter, value));
    }
    for (const parameter of queryParameters.values()) {
      if (parameter.required && !request.query.has(parameter.name)) violations.push(`${where}: required query parameter ${parameter.name} missing`);
    }

    const body = this.checkRequestBody(where, route, request);
    violations.push(...body.invalid, ...body.undeclared);
    // GitHub ignores undeclared properties: only a body its schema rejects gets a 422.
    return { operation, violations, invalidBody: body.invalid.length > 0 };
  }

  /** Checks a JSON response the fake is about to send against the operation's documented response. */
  validateResponse(operation: OperationMatch, status: number, body: unknown): string[] {
    const route = this.routes.find((r) => r.method === operation.method && r.template === operation.template);
    if (!route) return [`response for unknown operation ${operation.operationId}`];
    const where = `response ${status} of ${operation.method.toUpperCase()} ${operation.template} (${operation.operationId})`;
    const responses = route.operation.responses ?? {};
    if (!(String(status) in responses) && !('default' in responses)) {
      return [`${where}: status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    }
    const key = String(status) in responses ? String(status) : 'default';
    const response = this.resolve(responses[key] as JsonObject);
    const content = (response['content'] ?? {}) as Record<string, { schema?: JsonObject }>;
    const json = content['application/json'];
    if (!json?.schema) return body === undefined || body === '' ? [] : [`${where}: the description has no JSON body for this status`];
    const pointer = `${route.pointer}/responses/${escapePointer(key)}`;
    const schemaPointer = '$ref' in (responses[key] as JsonObject)
      ? `${pointerOf((responses[key] as JsonObject)['$ref'] as string)}/content/application~1json/schema`
      : `${pointer}/content/application~1json/schema`;
    return this.check(where, schemaPointer, body);
  }

  private findRoute(method: string, path: string): Route | undefined {
    const lower = method.toLowerCase();
    let best: Route | undefined;
    for (const route of this.routes) {
      if (route.method !== lower || !route.pattern.test(path)) continue;
      if (!best || route.literalSegments > best.literalSegments) best = route;
    }
    return best;
  }

  private checkParameter(where: string, parameter: Parameter, raw: string): string[] {
    if (!parameter.schema) return [];
    const schema = this.resolve(parameter.schema);
    const value = coerceParameter(raw, schema);
    const validate = this.compileInline(schema);
    if (validate(value)) return [];
    return [`${where}: ${parameter.in} parameter ${parameter.name}=${JSON.stringify(raw)} ${this.ajv.errorsText(validate.errors, { dataVar: parameter.name })}`];
  }

  private checkRequestBody(where: string, route: Route, request: RequestToValidate): { invalid: string[]; undeclared: string[] } {
    const invalid = (message: string) => ({ invalid: [message], undeclared: [] });
    const requestBody = route.operation.requestBody ? this.resolve(route.operation.requestBody as JsonObject) : undefined;
    if (!requestBody) {
      return request.body.trim() === '' ? { invalid: [], undeclared: [] } : invalid(`${where}: a body was sent but the operation takes none`);
    }
    if (request.body.trim() === '') {
      return requestBody['required'] === true ? invalid(`${where}: the request body is required`) : { invalid: [], undeclared: [] };
    }
    const contentType = String(request.headers['content-type'] ?? '');
    if (!contentType.startsWith('application/json')) return invalid(`${where}: content-type "${contentType}" is not application/json`);
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return invalid(`${where}: the request body is not valid JSON`);
    }
    const schema = this.resolve(((requestBody['content'] as JsonObject)['application/json'] as JsonObject)['schema'] as JsonObject);
    return {
      invalid: this.check(`${where} request body`, `${route.pointer}/requestBody/content/application~1json/schema`, body),
      undeclared: this.undeclaredProperties(`${where} request body`, schema, body, ''),
    };
  }

  /**
   * Properties the schema does not declare. GitHub ignores them, so they pass its validation, but
   * a request that sends one (a misspelled optional field) is a bug the suite should catch.
   * Objects whose schema declares no properties (free-form maps) are not checked.
   */
  private undeclaredProperties(where: string, schemaNode: JsonObject, value: unknown, path: string): string[] {
    const schema = this.resolve(schemaNode);
    if (Array.isArray(value)) {
      const items = schema['items'] as JsonObject | undefined;
      return items ? value.flatMap((item, index) => this.undeclaredProperties(where, items, item, `${path}/${index}`)) : [];
    }
    if (value === null || typeof value !== 'object') return [];
    const declared = new Map<string, JsonObject>();
    const collect = (node: JsonObject): void => {
      const resolved = this.resolve(node);
      for (const [name, property] of Object.entries((resolved['properties'] ?? {}) as Record<string, JsonObject>)) declared.set(name, property);
      for (const key of ['allOf', 'anyOf', 'oneOf']) for (const part of (resolved[key] ?? []) as JsonObject[]) collect(part);
    };
    collect(schema);
    if (declared.size === 0) return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([name, item]) => {
      const property = declared.get(name);
      if (!property) return [`${where}: ${path || '(root)'} has the property "${name}", which the description does not declare (documented: ${[...declared.keys()].join(', ')})`];
      return this.undeclaredProperties(where, property, item, `${path}/${name}`);
    });
  }

  private check(where: string, pointer: string, data: unknown): string[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    if (validate(data)) return [];
    return (validate.errors ?? []).slice(0, 8).map((error) => `${where}: ${error.instancePath || '(root)'} ${error.message ?? 'is invalid'} ${error.params ? JSON.stringify(error.params) : ''}`.trim());
  }

  private compileInline(schema: JsonObject): ValidateFunction {
    const key = `inline:${JSON.stringify(schema)}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** Follows a (rewritten) `$ref` within the adapted document. */
  private resolve(node: JsonObject): JsonObject {
    let current = node;
    for (let depth = 0; typeof current['$ref'] === 'string' && depth < 10; depth++) {
      const pointer = pointerOf(current['$ref'] as string);
      current = pointer.split('/').slice(1).map(unescapePointer).reduce<unknown>((at, key) => (at as JsonObject)[key], this.spec) as JsonObject;
    }
    return current;
  }
}

function loadGithubDescription(): JsonObject {
  // The package's index.js loads all ten descriptions (700 MB); read the one GitHub.com serves.
  const require = createRequire(import.meta.url);
  const packageDir = require.resolve('@octokit/openapi/package.json').replace(/package\.json$/, '');
  return JSON.parse(readFileSync(`${packageDir}generated/api.github.com.json`, 'utf8')) as JsonObject;
}

/**
 * OpenAPI 3.0 → JSON Schema, generically: `nullable` becomes `anyOf [schema, null]`; local
 * `$ref`s become absolute against the registered document.
 */
function adaptForJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(adaptForJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const adapted: JsonObject = {};
  for (const [key, value] of Object.entries(node as JsonObject)) {
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) adapted[key] = `${SPEC_ID}${value}`;
    else if (key === 'example' || key === 'examples' || key === 'description') adapted[key] = value;
    else adapted[key] = adaptForJsonSchema(value);
  }
  if ((node as JsonObject)['nullable'] === true) {
    if (Array.isArray(adapted['enum']) && !adapted['enum'].includes(null)) adapted['enum'] = [...adapted['enum'], null];
    return { anyOf: [adapted, { type: 'null' }] };
  }
  return adapted;
}

function buildRoutes(spec: JsonObject): Route[] {
  const routes: Route[] = [];
  const paths = spec['paths'] as Record<string, JsonObject>;
  const components = spec['components'] as JsonObject;
  for (const [template, item] of Object.entries(paths)) {
    const shared = (item['parameters'] as JsonObject[] | undefined) ?? [];
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const paramNames: string[] = [];
      const segments = template.split('/');
      const pattern = segments
        .map((segment) => segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name: string | undefined) => {
          if (name) {
            paramNames.push(name);
            return '([^/]+)';
          }
          return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        }))
        .join('/');
      routes.push({
        method,
        template,
        pattern: new RegExp(`^${pattern}$`),
        paramNames,
        literalSegments: segments.filter((segment) => segment !== '' && !segment.includes('{')).length,
        pointer: `/paths/${escapePointer(template)}/${method}`,
        operation,
        parameters: [...shared, ...(operation.parameters ?? [])].map((p) => resolveParameter(p, components)),
      });
    }
  }
  return routes;
}

function resolveParameter(parameter: JsonObject, components: JsonObject): Parameter {
  const ref = parameter['$ref'];
  if (typeof ref !== 'string') return parameter as unknown as Parameter;
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  return (components['parameters'] as Record<string, Parameter>)[unescapePointer(name)] as Parameter;
}

function pathParamsOf(route: Route, path: string): Record<string, string> {
  const values = route.pattern.exec(path)?.slice(1) ?? [];
  return Object.fromEntries(route.paramNames.map((name, i) => [name, decodeURIComponent(values[i] ?? '')]));
}

/** Query and path values arrive as strings; give them the type their schema declares. */
function coerceParameter(raw: string, schema: JsonObject): unknown {
  const type = schema['type'] ?? ((schema['anyOf'] as JsonObject[] | undefined)?.[0]?.['type']);
  if (type === 'integer' || type === 'number') return raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (type === 'array') return raw.split(',');
  return raw;
}

/** The JSON pointer of a `$ref` (the part after `#`). */
function pointerOf(ref: string): string {
  return ref.slice(ref.indexOf('#') + 1);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(key: string): string {
  return key.replace(/~1/g, '/').replace(/~0/g, '~');
}
