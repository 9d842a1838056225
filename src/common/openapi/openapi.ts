import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { errorCatalogue } from '../errors';
import { ErrorResponseDto } from '../http/error-envelope';

const ERROR_REF = { $ref: '#/components/schemas/ErrorResponseDto' };

const DEFAULT_ERRORS: Record<string, string> = {
  '400':
    '`COMMON.VALIDATION_FAILED` / `COMMON.MALFORMED_JSON`: 请求参数有误（details 列出每个字段）',
  '401': '`AUTH.*`: 未登录、凭证无效、过期或已注销',
  '403': '`COMMON.FORBIDDEN` / `AUTH.PASSWORD_CHANGE_REQUIRED`',
  '413': '`COMMON.PAYLOAD_TOO_LARGE` / `COMMON.TOO_MANY_FIELDS`',
  '431': '`COMMON.HEADERS_TOO_LARGE`: 请求头过大',
  '500': '`COMMON.INTERNAL`: 服务器内部错误（附请求编号）',
  '503': '`COMMON.UNAVAILABLE`: 数据库暂时无法连接，请按 `Retry-After` 稍后重试',
};

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const catalogue = [...errorCatalogue().entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, def]) => `| \`${code}\` | ${def.status} | ${def.message} |`)
    .join('\n');
  const config = new DocumentBuilder()
    .setTitle('xuefa 学法考法平台 API')
    .setDescription(
      [
        'Every route needs `Authorization: Bearer <access token>` unless marked public.',
        'Every error has the body `{ statusCode, code, message, details?, requestId }`;',
        '`code` is stable and namespaced, `message` is Simplified Chinese for people.',
        '',
        '## Error codes',
        '',
        '| code | status | message |',
        '|---|---|---|',
        catalogue,
      ].join('\n'),
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto],
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
  for (const path of Object.values(document.paths)) {
    for (const op of Object.values(path) as { responses?: Record<string, unknown> }[]) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      for (const [status, description] of Object.entries(DEFAULT_ERRORS)) {
        op.responses[status] ??= {
          description,
          content: { 'application/json': { schema: ERROR_REF } },
        };
      }
    }
  }
  return document;
}

/** Serves the document at /api/docs (UI) and /api/docs-json. Public on purpose. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'xuefa API',
  });
}
