export * from './audit';
export * from './budget';
export * from './events';
export * from './org';
export * from './outbox';
export * from './policy';
export * from './purchase';
