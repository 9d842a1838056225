import type { RouteRecordRaw } from 'vue-router';
import type { RoleName } from '../../api/types';

const READERS: RoleName[] = ['secretary', 'hr', 'admin'];

/** 合规看板 and 计划 under /manage (secretaries, HR read-only, admins). Paths are relative to the area's root. */
export const manageComplianceRoutes: RouteRecordRaw[] = [
  {
    path: 'compliance',
    name: 'manage-compliance',
    component: () => import('../../pages/manage/compliance/ComplianceDashboardPage.vue'),
    meta: { title: '合规看板', roles: READERS },
  },
  {
    path: 'compliance/missing',
    name: 'manage-compliance-missing',
    component: () => import('../../pages/manage/compliance/MissingListPage.vue'),
    meta: { title: '未完成名单', roles: READERS },
  },
  {
    path: 'compliance/report',
    name: 'manage-compliance-report',
    component: () => import('../../pages/manage/compliance/AnnualReportPage.vue'),
    meta: { title: '年度报告', roles: READERS },
  },
  {
    path: 'plans',
    name: 'manage-plans',
    component: () => import('../../pages/manage/plans/PlanListPage.vue'),
    meta: { title: '学法计划', roles: READERS },
  },
  {
    path: 'plans/:id',
    name: 'manage-plan',
    component: () => import('../../pages/manage/plans/PlanDetailPage.vue'),
    meta: { title: '学法计划详情', roles: READERS },
  },
];
