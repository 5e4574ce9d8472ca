/**
 * GitHub's GraphQL API, as far as the fake answers it: each query is parsed and validated against
 * the official schema (@octokit/graphql-schema) and executed with resolvers over the fake's state,
 * so a query GitHub would reject fails the test, and an answer has exactly GitHub's shape.
 */
import { schema as githubSchemaSource } from '@octokit/graphql-schema';
import { buildSchema, graphql, parse, validate, type GraphQLSchema } from 'graphql';

let schema: GraphQLSchema | undefined;

/** The schema is large: build it once per test process. */
function githubSchema(): GraphQLSchema {
  schema ??= buildSchema(githubSchemaSource.idl, { assumeValidSDL: true });
  return schema;
}

export interface GraphQLAnswer {
  /** Why GitHub would reject the query; empty when it is valid. */
  violations: string[];
  status: number;
  body: unknown;
}

/**
 * Validates and runs one GraphQL request. `rootValue` resolves the top-level fields the fake
 * supports (e.g. `node`); every object it returns for an interface carries `__typename`.
 */
export async function answerGraphQL(requestBody: string, rootValue: Record<string, unknown>): Promise<GraphQLAnswer> {
  let request: { query?: unknown; variables?: unknown };
  try {
    request = JSON.parse(requestBody) as typeof request;
  } catch {
    return { violations: ['graphql: the request body is not JSON'], status: 400, body: { message: 'Problems parsing JSON' } };
  }
  if (typeof request.query !== 'string') return { violations: ['graphql: no query'], status: 400, body: { message: 'A query attribute must be specified and must be a string.' } };
  let document;
  try {
    document = parse(request.query);
  } catch (error) {
    return { violations: [`graphql: ${(error as Error).message}`], status: 200, body: { errors: [{ message: (error as Error).message }] } };
  }
  if (document.definitions.some((definition) => definition.kind === 'OperationDefinition' && definition.operation !== 'query')) {
    // The action only reads through GraphQL; a mutation from it would be a change of contract.
    return { violations: ['graphql: the action sent a mutation or subscription; it only queries'], status: 200, body: { errors: [{ message: 'not supported by the fake' }] } };
  }
  const errors = validate(githubSchema(), document);
  if (errors.length > 0) {
    return { violations: errors.map((error) => `graphql: ${error.message}`), status: 200, body: { errors: errors.map((error) => ({ message: error.message })) } };
  }
  const variables = request.variables && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : {};
  const result = await graphql({ schema: githubSchema(), source: request.query, rootValue, variableValues: variables });
  const violations = (result.errors ?? []).map((error) => `graphql: ${error.message}`);
  return { violations, status: 200, body: JSON.parse(JSON.stringify(result)) };
}
