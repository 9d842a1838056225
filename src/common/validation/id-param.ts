import { Param, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
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

/** A positive integer path parameter (an article number, a revision number). */
export const IntParam = (name: string, label: string) =>
  Param(
    name,
    new ParseIntPipe({
      exceptionFactory: () =>
        CommonErrors.VALIDATION_FAILED({ reason: `${label}必须是正整数` }, [
          { field: name, constraint: 'isInt', message: '必须是正整数' },
        ]),
    }),
  );
