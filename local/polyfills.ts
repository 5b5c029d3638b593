/**
 * `aws-local-stepfunctions` 3.x calls `Promise.withResolvers`, which Node gained in 22. The project also
 * runs on Node 20 (this machine's), so the local cloud adds it when missing; Lambda code never needs it.
 */
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
