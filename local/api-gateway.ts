import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { decodePathSegment } from './http-error.js';
import type { LocalTemplate } from './template.js';

interface Route {
  routeKey: string;
  method: string;
  pattern: RegExp;
  params: string[];
  functionArn: string;
  /** The route is protected by a JWT authorizer (the admin API): the gateway checks the bearer first. */
  jwt: boolean;
}

const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml)|[^;]*\+json)/i;

function compile(path: string): { pattern: RegExp; params: string[] } {
  const params: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{([^}+]+)(\+?)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1] ?? '');
      return param[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), params };
}

/** An HTTP API (API Gateway v2) from the template: its routes, each to the function of its integration. */
export class LocalHttpApi {
  private readonly routes: Route[] = [];

  constructor(template: LocalTemplate) {
    const integrations = new Map<string, string>();
    for (const [logicalId, resource] of template.resourcesOfType('AWS::ApiGatewayV2::Integration')) {
      integrations.set(logicalId, String((template.resolve(resource.Properties ?? {}) as { IntegrationUri: string }).IntegrationUri));
    }
    for (const [, resource] of template.resourcesOfType('AWS::ApiGatewayV2::Route')) {
      const props = template.resolve(resource.Properties ?? {}) as { RouteKey: string; Target?: string; AuthorizationType?: string };
      const integration = props.Target?.replace(/^integrations\//, '') ?? '';
      const functionArn = integrations.get(integration);
      if (!functionArn) continue;
      const [method = 'ANY', path = '/'] = props.RouteKey.split(' ');
      this.routes.push({ routeKey: props.RouteKey, method, functionArn, jwt: props.AuthorizationType === 'JWT', ...compile(path) });
    }
    // The most specific route wins, as in API Gateway: fewer parameters first.
    this.routes.sort((a, b) => a.params.length - b.params.length);
  }

  match(method: string, path: string): { route: Route; pathParameters: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method && route.method !== 'ANY') continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const pathParameters = Object.fromEntries(route.params.map((name, index) => [name, decodePathSegment(found[index + 1] ?? '')]));
      return { route, pathParameters };
    }
    return undefined;
  }

  /** The event API Gateway sends for a request (payload format 2.0). */
  static event(request: IncomingMessage, url: URL, body: Buffer, routeKey: string, pathParameters: Record<string, string>, sourceIp: string): APIGatewayProxyEventV2 {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
    const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
    const now = new Date();
    return {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: { method: request.method ?? 'GET', path: url.pathname, protocol: `HTTP/${request.httpVersion}`, sourceIp, userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: !isText,
    };
  }

  /** A handler's answer as API Gateway turns it into HTTP (a bare value means 200 with JSON). */
  static response(result: unknown): { status: number; headers: Record<string, string>; body: Buffer } {
    if (result && typeof result === 'object' && 'statusCode' in result) {
      const structured = result as APIGatewayProxyStructuredResultV2;
      const body = structured.body ?? '';
      return {
        status: structured.statusCode ?? 200,
        headers: Object.fromEntries(Object.entries(structured.headers ?? {}).map(([key, value]) => [key, String(value)])),
        body: structured.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
      };
    }
    return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(result ?? null)) };
  }
}
