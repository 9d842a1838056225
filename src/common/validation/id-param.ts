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
