import { ElMessageBox } from 'element-plus';
import { api, ok } from '../api/client';
/** Resolves when signing out is fine: no attempt open, or the person confirmed. Rejects otherwise. */
export async function confirmSignOut(): Promise<void> {
  let open: boolean;
  try {
    const exams = await ok(api.GET('/me/exams'));
    open = exams.some((e) => e.openAttemptId);
  } catch {
    open = false;
  }
  if (!open) return;
  await ElMessageBox.confirm(
    '您有正在进行的考试，退出登录后计时不会暂停。确定退出吗？',
    '确认退出',
    { confirmButtonText: '退出登录', cancelButtonText: '取消', type: 'warning' },
  );
}
