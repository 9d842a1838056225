import { Transform } from 'class-transformer';

/** Trims strings in request bodies and queries (other values pass unchanged). */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Query strings carry booleans as "true"/"false"; anything else is left for the validator. */
export const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );
