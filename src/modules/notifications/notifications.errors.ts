import { defineErrors } from '../../common/errors';

export const NotificationErrors = defineErrors('NOTIFICATIONS', {
  NOT_FOUND: { status: 404, message: '通知不存在' },
});
