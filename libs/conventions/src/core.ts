// What a process may use without loading type-graphql (the gateway): scalars,
// error helpers, bounds, patterns and the privacy arithmetic. `@ceg/conventions`
// re-exports all of it with the type-graphql types, connections and results.
export * from './scalars';
export * from './errors';
export * from './bounds';
export * from './patterns';
export * from './privacy';
