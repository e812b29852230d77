export * from './schemas.ts';
export * from './methods.ts';
export * from './events.ts';
export * from './jobs.ts';
export * from './client.ts';
export * from './validate.ts';
export * from './wire.ts';
export * from '../errors.ts';
