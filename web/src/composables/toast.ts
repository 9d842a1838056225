import { ElMessage } from 'element-plus';

/** A toast (ElMessage); errors.ts loads this module on demand. */
export function toast(type: 'error', message: string): void {
  void ElMessage({ type, message, duration: 6000, showClose: true, grouping: true });
}
