export * from './app-error';
export { CommonErrors } from './common.errors';
