import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDefined, ValidateIf } from 'class-validator';

/** Trims strings in request bodies and queries (other values pass unchanged). */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Query strings carry booleans as "true"/"false"; anything else is left for the validator. */
export const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );

/**
 * A field that may be left out but, when sent, must hold a value: an explicit null is a 400
 * instead of reaching a NOT NULL column. (Fields that null clears are typed `T | null` and use
 * `IsOptional()` with `ValidateIf((_, v) => v !== null)`.)
 */
export const IsOptionalNotNull = () =>
  applyDecorators(
    ValidateIf((_: object, value: unknown) => value !== undefined),
    IsDefined({ message: '不能为 null（不修改时请省略此字段）' }),
  );
