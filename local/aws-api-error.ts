/** An error of an emulated AWS API, answered as the services do (HTTP 400 with `__type`). */
export class AwsApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** An error raised inside an execution, matched by `Retry` and `Catch` on its name. */
export function stateError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}
