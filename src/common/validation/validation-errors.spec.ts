import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  Max,
  MaxLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { Type } from 'class-transformer';
import { flattenValidationErrors, validationFailed } from './validation-errors';

class Inner {
  @IsInt()
  @Max(10)
  n!: number;
}

class Outer {
  @IsString()
  @MaxLength(5)
  name!: string;

  @IsIn(['a', 'b'])
  kind!: string;

  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;
}

class When {
  @IsISO8601({ strict: true })
  at!: string;
}

describe('validation errors in Chinese', () => {
  it('has a Chinese message for ISO 8601 dates (constraint isIso8601)', () => {
    const errors = validateSync(plainToInstance(When, { at: 'tomorrow' }));
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'at', constraint: 'isIso8601', message: '必须是合法的日期时间（ISO 8601）' },
    ]);
  });

  it('names every field, nested ones by path, with a Chinese message', () => {
    const dto = plainToInstance(Outer, { name: 'toolong', kind: 'c', inner: { n: 11 }, extra: 1 });
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    const details = flattenValidationErrors(errors);
    expect(details).toEqual(
      expect.arrayContaining([
        { field: 'name', constraint: 'maxLength', message: '长度不能超过 5 个字符' },
        { field: 'kind', constraint: 'isIn', message: '取值必须是以下之一：a, b' },
        { field: 'inner.n', constraint: 'max', message: '不能大于 10' },
        { field: 'extra', constraint: 'whitelistValidation', message: '不允许的字段' },
      ]),
    );
    const error = validationFailed(errors);
    expect(error).toMatchObject({ status: 400, code: 'COMMON.VALIDATION_FAILED' });
    expect(error.message).toMatch(/^请求参数有误：/);
  });
});
