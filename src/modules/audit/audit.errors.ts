import { defineErrors } from '../../common/errors';

export const AuditErrors = defineErrors('AUDIT', {
  APPEND_ONLY: { status: 409, message: '审计日志只能追加，不能修改或删除' },
});
