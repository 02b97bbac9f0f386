// First: tracing must start before express, graphql and mysql2 are required
// (the runtime's first module); the runtime is what the gateway imports.
export * from './runtime';
export * from './context';
export * from './schema';
export * from './subgraph-server';
export * from './authz';
export * from './subgraph-app';
export * from './compose';
export * from './bounds';
export * from './loaders';
export * from './stubs';
export * from './directory-client';
export * from './aggregate-resolvers';
export * from './notifications';
export * from './submissions';
export * from './per-capita';
export * from './import-input';
