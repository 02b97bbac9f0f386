export * from './core';
export * from './types';
export * from './connections';
export * from './validation';
export * from './results';
export * from './notifications';
export * from './csv-import';
