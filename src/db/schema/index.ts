export * from './audit';
export * from './events';
export * from './org';
export * from './outbox';
export * from './policy';
