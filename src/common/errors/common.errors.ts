import { defineErrors } from './app-error';

export const CommonErrors = defineErrors('COMMON', {
  VALIDATION_FAILED: { status: 400, message: '请求参数有误：{reason}' },
  MALFORMED_JSON: { status: 400, message: '请求体不是合法的 JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的请求内容类型' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求体超过大小限制（{limit}）' },
  FILE_UNCOMPRESSED_TOO_LARGE: {
    status: 413,
    message: '文件解压后过大（至少 {size}，上限 {limit}），请检查文件内容或拆分后再上传',
  },
  FILE_TOO_COMPLEX: {
    status: 422,
    message: '文件过于复杂，无法在限定的内存和时间内解析，请删除多余内容或拆分后再上传',
  },
  NOT_FOUND: { status: 404, message: '请求的资源不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在：{method} {path}' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  FORBIDDEN: { status: 403, message: '您没有执行此操作的权限' },
  DUPLICATE: { status: 409, message: '数据重复，与已有记录冲突' },
  REFERENCE_CONFLICT: { status: 409, message: '该记录仍被其他数据引用，或引用的数据不存在' },
  TOO_MANY_REQUESTS: { status: 429, message: '请求过于频繁，请稍后再试' },
  CONFLICT: { status: 409, message: '数据已被修改，请刷新后重试' },
  TOO_MANY_FIELDS: { status: 413, message: '表单字段过多，请减少字段后重试' },
  HEADERS_TOO_LARGE: {
    status: 431,
    message: '请求头过大，请清除本站的 Cookie 后重试',
  },
  ANSWER_KEYS_WITHHELD: {
    status: 409,
    message: '您有正在进行的考试：交卷前不能查看题库、试卷和答案',
  },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
  UNAVAILABLE: { status: 503, message: '数据库暂时无法连接，请稍后重试' },
  INTERNAL: { status: 500, message: '服务器内部错误，请联系管理员并提供请求编号' },
});
