import { ValidationPipe } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CommonErrors } from '../errors';
import { validationFailed } from './validation-errors';

const options = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  validationError: { target: false, value: false },
} as const;

/** The global pipe (APP_PIPE): unknown fields are refused, every error uses the envelope. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({ ...options, exceptionFactory: validationFailed });
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
  const instance = plainToInstance(cls, body);
  const errors = await validate(instance, options);
  if (errors.length) throw validationFailed(errors);
  return instance;
}
