export * from './config';
export * from './context';
export * from './explorer';
export * from './server';
export * from './limits';
export { SubgraphDataSource } from './data-source';
