import { ValidateBy } from 'class-validator';

/**
 * A finite number with at most `places` decimals. Replaces `IsNumber({ maxDecimalPlaces })`,
 * which throws a TypeError (a 500) on numbers that print in exponent form, such as 1e-7.
 */
export const IsDecimalNumber = (places: number) =>
  ValidateBy({
    name: 'maxDecimalPlaces',
    constraints: [places],
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' &&
        Number.isFinite(value) &&
        Number(value.toFixed(places)) === value,
      defaultMessage: () => `必须是数字，最多 ${places} 位小数`,
    },
  });
