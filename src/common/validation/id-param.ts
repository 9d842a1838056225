import type { PipeTransform } from '@nestjs/common';
import { Param, ParseUUIDPipe } from '@nestjs/common';
import { CommonErrors } from '../errors';

/** A UUID path parameter; anything else is a 400 in the standard envelope. */
export const IdParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        CommonErrors.VALIDATION_FAILED({ reason: `${name} 必须是合法的 UUID` }, [
          { field: name, constraint: 'isUuid', message: '必须是合法的 UUID' },
        ]),
    }),
  );

/** The largest PostgreSQL `integer` (int4): every integer column and parameter fits in it. */
export const INT4_MAX = 2_147_483_647;

/** Digits only, 1 … INT4_MAX; anything else is a 400 naming the parameter. */
class PositiveIntPipe implements PipeTransform<string, number> {
  constructor(
    private readonly name: string,
    private readonly label: string,
  ) {}

  transform(value: string): number {
    const n = /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
    if (n >= 1 && n <= INT4_MAX) return n;
    throw CommonErrors.VALIDATION_FAILED(
      { reason: `${this.label}必须是 1 至 ${INT4_MAX} 的整数` },
      [{ field: this.name, constraint: 'isInt', message: `必须是 1 至 ${INT4_MAX} 的整数` }],
    );
  }
}

/** A positive integer path parameter (an article number, a revision number, a position). */
export const IntParam = (name: string, label: string) =>
  Param(name, new PositiveIntPipe(name, label));
