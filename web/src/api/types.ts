import type { components } from './schema';

/** Response and request bodies by their OpenAPI schema name, e.g. `Schema<'MeResponseDto'>`. */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];

export type Me = Schema<'MeResponseDto'>;
export type RoleName = 'secretary' | 'hr' | 'admin';
