export * from './database';
export * from './dialect';
export * from './keyset';
export * from './transaction';
export * from './submission-limit';
export * from './import-keys';
export * from './fulltext';
