export * from './validation-errors';
export * from './validation.pipe';
export * from './id-param';
export * from './transforms';
export * from './numbers';
