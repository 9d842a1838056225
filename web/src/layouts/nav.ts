import type { RoleName } from '../api/types';

export interface NavItem {
  label: string;
  /** A path inside the app (without /app). */
  to: string;
  /** Shown only to holders of any of these roles. */
  roles?: RoleName[];
}

/**
 * Staff shell navigation (bottom tab bar on phones, top bar on desktop), in this order:
 * 首页 · 学习 · 考试 · 活动 · 我的. An item shows once its route exists, so pages can be added
 * without touching the shell.
 */
export const STAFF_NAV: NavItem[] = [
  { label: '首页', to: '/' },
  { label: '学习', to: '/study' },
  { label: '考试', to: '/exams' },
  { label: '活动', to: '/sessions' },
  { label: '我的', to: '/profile' },
];

/** Management shell sidebar, filtered by role (and by whether the route exists yet). */
export const MANAGE_NAV: NavItem[] = [
  { label: '工作台', to: '/manage', roles: ['secretary', 'hr', 'admin'] },
  { label: '考试管理', to: '/manage/exams', roles: ['secretary', 'admin'] },
  { label: '学习活动', to: '/manage/sessions', roles: ['secretary', 'admin'] },
  { label: '学习审核', to: '/manage/study-records', roles: ['secretary', 'admin'] },
  { label: '合规看板', to: '/manage/compliance', roles: ['secretary', 'hr', 'admin'] },
  { label: '学法计划', to: '/manage/plans', roles: ['secretary', 'hr', 'admin'] },
  { label: '人员名单', to: '/manage/staff', roles: ['secretary'] },
  { label: '人员档案', to: '/hr/staff', roles: ['hr', 'admin'] },
  { label: '导出与校验', to: '/hr/exports', roles: ['hr', 'admin'] },
  { label: '组织机构', to: '/admin/units', roles: ['admin'] },
  { label: '人员管理', to: '/admin/staff', roles: ['admin'] },
  { label: '法规管理', to: '/admin/laws', roles: ['admin'] },
  { label: '题库管理', to: '/admin/questions', roles: ['admin'] },
  { label: '审计日志', to: '/admin/audit', roles: ['admin'] },
];
