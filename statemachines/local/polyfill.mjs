// aws-local-stepfunctions 3.0.0 declares Node >= 22 because it calls Promise.withResolvers (Node 22+).
// On Node 20 this small, spec-shaped stand-in is all it needs; on Node 22+ it is a no-op.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
