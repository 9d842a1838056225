import type { ArgumentMetadata } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CommonErrors } from '../errors';
import { fastCheckFor } from './fast-validation';
import { findInputProblem, inputProblemError } from './input-shape';
import { validationFailed } from './validation-errors';

const options = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  validationError: { target: false, value: false },
} as const;

/**
 * The global pipe (APP_PIPE): unknown fields are refused, every error uses the envelope. The
 * request middleware has already checked JSON and form bodies, the query and the path for
 * nesting, NUL and lone surrogates (see bootstrap.ts); bodies parsed later (multipart fields,
 * by multer) get the same check here.
 */
export class AppValidationPipe extends ValidationPipe {
  /** @param fastChecks false: class-validator for every DTO (the bench's and the tests' reference) */
  constructor(private readonly fastChecks = true) {
    super({ ...options, exceptionFactory: validationFailed });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const problem = findInputProblem(value);
      if (problem) throw inputProblemError(problem);
      // a body that a DTO's precompiled check accepts is the DTO (see fast-validation.ts)
      const fast = this.fastChecks ? fastCheckFor(metadata.metatype)?.(value) : undefined;
      if (fast) return fast;
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

export function createValidationPipe(fastChecks = true): ValidationPipe {
  return new AppValidationPipe(fastChecks);
}

/**
 * Validates a body outside the pipe (guards run before pipes, so the login guard uses this to
 * refuse malformed input before any credential check).
 */
export async function validateBody<T extends object>(
  cls: ClassConstructor<T>,
  body: unknown,
): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw CommonErrors.VALIDATION_FAILED({ reason: '请求体必须是 JSON 对象' });
  }
  const problem = findInputProblem(body);
  if (problem) throw inputProblemError(problem);
  const instance = plainToInstance(cls, body);
  const errors = await validate(instance, options);
  if (errors.length) throw validationFailed(errors);
  return instance;
}
