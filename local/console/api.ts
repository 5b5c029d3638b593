import { settings } from './settings.js';

/** A refusal of the API, with the message it gave (and the fields it named). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { message?: string; issues?: Array<{ path: string; message: string }> };
}

async function refusal(response: Response): Promise<ApiError> {
  const text = await response.text();
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // Not the API's own error shape (a proxy, a gateway): the text says what there is to say.
  }
  const issues = body.error?.issues?.map((issue) => `${issue.path}: ${issue.message}`) ?? [];
  const message = body.error?.message ?? (text || response.statusText);
  return new ApiError(response.status, [message, ...issues.slice(1)].join('; '));
}

async function call(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  const response = await fetch(`${settings.apiBase.replace(/\/$/, '')}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw await refusal(response);
  return response;
}

const bearer = () => ({ authorization: `Bearer ${settings.token}` });

/** The admin API, as the token entered allows. */
export async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await (await call(method, path, body, bearer())).json()) as T;
}

/** An admin answer that may come in another format than JSON, with its content type. */
export async function adminText(path: string): Promise<{ contentType: string; text: string }> {
  const response = await call('GET', path, undefined, bearer());
  return { contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** A route of the local cloud; undefined where there is none (the console deployed beside the AWS API). */
export async function local<T>(method: string, path: string, body?: unknown): Promise<T | undefined> {
  try {
    return (await (await call(method, path, body, {})).json()) as T;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return undefined;
    throw error;
  }
}
