import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { ErrorFactory } from '../errors';
import { ErrorResponseDto } from '../http/error-envelope';

/**
 * Documents the error responses of a route: one entry per status, listing the codes it may carry.
 * Every route also gets 400/401/500 from the document builder.
 */
export function ApiErrors(...errors: ErrorFactory[]) {
  const byStatus = new Map<number, ErrorFactory[]>();
  for (const e of errors) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e]);
  return applyDecorators(
    ApiExtraModels(ErrorResponseDto),
    ...[...byStatus.entries()].map(([status, list]) =>
      ApiResponse({
        status,
        description: list.map((e) => `\`${e.code}\` ${e.message}`).join('<br>'),
        schema: { $ref: getSchemaPath(ErrorResponseDto) },
      }),
    ),
  );
}
