// First: tracing must start before express, graphql and mysql2 are required.
export * from './tracing';
export * from './context';
export * from './errors';
export * from './http';
export * from './logger';
export * from './metrics';
export * from './plugins';
export * from './schema';
export * from './subgraph-server';
export * from './authz';
export * from './subgraph-app';
export * from './compose';
export * from './bounds';
export * from './loaders';
export * from './stubs';
export * from './aggregate-resolvers';
export * from './notifications';
