import type { ValidationError } from 'class-validator';
import type { AppError } from '../errors';
import { CommonErrors } from '../errors';

export interface FieldError {
  field: string;
  constraint: string;
  message: string;
}

const numberIn = (text: string): string => /(-?\d+(\.\d+)?)/.exec(text)?.[1] ?? '';
const listIn = (text: string): string => text.split(':').slice(1).join(':').trim();

/** class-validator constraint name -> Simplified Chinese message. */
const templates: Record<string, (english: string) => string> = {
  whitelistValidation: () => '不允许的字段',
  isDefined: () => '不能为空',
  isNotEmpty: () => '不能为空',
  isString: () => '必须是字符串',
  isInt: () => '必须是整数',
  isNumber: () => '必须是数字',
  isBoolean: () => '必须是布尔值（true 或 false）',
  isUUID: () => '必须是合法的 UUID',
  isUuid: () => '必须是合法的 UUID',
  isDateString: () => '必须是合法的日期（YYYY-MM-DD）',
  isIso8601: () => '必须是合法的日期时间（ISO 8601）',
  isDate: () => '必须是合法的日期',
  isEmail: () => '必须是合法的电子邮箱地址',
  isUrl: () => '必须是合法的网址',
  isArray: () => '必须是数组',
  isObject: () => '必须是对象',
  isEnum: (m) => `取值必须是以下之一：${listIn(m)}`,
  isIn: (m) => `取值必须是以下之一：${listIn(m)}`,
  min: (m) => `不能小于 ${numberIn(m)}`,
  max: (m) => `不能大于 ${numberIn(m)}`,
  minLength: (m) => `长度不能少于 ${numberIn(m)} 个字符`,
  maxLength: (m) => `长度不能超过 ${numberIn(m)} 个字符`,
  length: () => '长度不符合要求',
  arrayMinSize: (m) => `至少需要 ${numberIn(m)} 项`,
  arrayMaxSize: (m) => `最多允许 ${numberIn(m)} 项`,
  arrayUnique: () => '不能包含重复项',
  matches: () => '格式不正确',
  nestedValidation: () => '必须是对象或对象数组',
  unknownValue: () => '请求体格式不正确',
};

/** Messages that start with Chinese text were written for the field on purpose: keep them. */
const isChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, english] of Object.entries(error.constraints ?? {})) {
      const message = isChinese(english)
        ? english
        : (templates[constraint]?.(english) ?? '取值不合法');
      out.push({ field, constraint, message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationFailed(errors: ValidationError[]): AppError {
  const details = flattenValidationErrors(errors);
  const first = details[0];
  const reason = first ? `${first.field} ${first.message}` : '请求体格式不正确';
  return CommonErrors.VALIDATION_FAILED({ reason }, details);
}
