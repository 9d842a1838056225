import { defineErrors } from '../../common/errors';

export const AuthErrors = defineErrors('AUTH', {
  /** Also a locked account: the answer never tells an unknown staff number from a locked one. */
  INVALID_CREDENTIALS: {
    status: 401,
    message: '工号或密码错误，或账号已被暂时锁定，请稍后再试',
  },
  TOO_MANY_FAILURES: { status: 429, message: '登录失败次数过多，请 {minutes} 分钟后再试' },
  /** Password change only: the caller is signed in, so telling them reveals nothing. */
  ACCOUNT_LOCKED: {
    status: 423,
    message: '连续登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试',
  },
  ACCOUNT_DISABLED: { status: 403, message: '账号已停用或已离职，请联系管理员' },
  TOKEN_MISSING: { status: 401, message: '请先登录' },
  TOKEN_INVALID: { status: 401, message: '登录凭证无效，请重新登录' },
  TOKEN_EXPIRED: { status: 401, message: '登录凭证已过期，请刷新凭证或重新登录' },
  TOKEN_STALE: { status: 401, message: '账号的密码、状态或角色已变更，请刷新凭证或重新登录' },
  SESSION_REVOKED: { status: 401, message: '登录已失效，请重新登录' },
  SESSION_IDLE: { status: 401, message: '长时间未操作，已自动退出登录，请重新登录' },
  REFRESH_INVALID: { status: 401, message: '刷新凭证无效或已过期，请重新登录' },
  REFRESH_REUSED: {
    status: 401,
    message: '刷新凭证被重复使用，为安全起见已注销此次登录，请重新登录',
  },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '首次登录或密码已被重置，请先修改密码' },
  PASSWORD_POLICY: { status: 422, message: '新密码不符合安全要求：{reason}' },
  PASSWORD_UNCHANGED: { status: 422, message: '新密码不能与当前密码相同' },
  CURRENT_PASSWORD_WRONG: { status: 422, message: '当前密码不正确' },
  TOO_MANY_ATTEMPTS: { status: 429, message: '登录尝试过于频繁，请稍后再试' },
});
