export * from './outbox';
export * from './signing';
export * from './dispatcher';
export * from './routes';
export * from './background';
export * from './paths';
