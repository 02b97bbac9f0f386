// `@ceg/kit/runtime`: the process's plumbing — tracing, HTTP app and shutdown,
// logger, metrics, error masking, the observability plugin — without the
// database layer (TypeORM, drivers), type-graphql or the notifications. The
// gateway imports only this, which keeps those modules out of its memory;
// `@ceg/kit` re-exports it with everything else.
// First: tracing must start before express, graphql and mysql2 are required.
export * from './tracing';
export * from './errors';
export * from './http';
export * from './logger';
export * from './metrics';
export * from './plugins';
export * from './notifications/paths';
