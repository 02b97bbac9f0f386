export * from './scalars';
export * from './types';
export * from './errors';
export * from './connections';
export * from './validation';
export * from './bounds';
