export * from './decorators';
export * from './principal';
export * from './scope';
export * from './employment';
