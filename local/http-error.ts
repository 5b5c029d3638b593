/** A local route's refusal, answered with its status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A path segment decoded as API Gateway passes it; a malformed escape (`%`, `%zz`) is the caller's error, not ours. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `the path segment "${segment}" is not validly percent-encoded`);
  }
}
