import type { RouteRecordRaw } from 'vue-router';

/** 学习活动 and 学习审核 under /manage (secretaries and admins). Paths are relative to the area's root. */
export const manageSessionRoutes: RouteRecordRaw[] = [
  {
    path: 'sessions',
    name: 'manage-sessions',
    component: () => import('../../pages/manage/sessions/SessionsListPage.vue'),
    meta: { title: '学习活动管理', roles: ['secretary', 'admin'] },
  },
  {
    path: 'sessions/new',
    name: 'manage-session-new',
    component: () => import('../../pages/manage/sessions/SessionNewPage.vue'),
    meta: { title: '新建学习活动', roles: ['secretary', 'admin'] },
  },
  {
    path: 'sessions/:id',
    name: 'manage-session',
    component: () => import('../../pages/manage/sessions/SessionManagePage.vue'),
    meta: { title: '学习活动详情', roles: ['secretary', 'admin'] },
  },
  {
    path: 'sessions/:id/checkin',
    name: 'manage-checkin-screen',
    component: () => import('../../pages/manage/sessions/CheckinScreenPage.vue'),
    meta: { title: '签到大屏', roles: ['secretary', 'admin'] },
  },
  {
    path: 'study-records',
    name: 'manage-study-records',
    component: () => import('../../pages/manage/study-records/StudyReviewPage.vue'),
    meta: { title: '学习审核', roles: ['secretary', 'admin'] },
  },
];
