import type { RouteRecordRaw } from 'vue-router';
import type { RoleName } from '../../api/types';

const MANAGERS: RoleName[] = ['secretary', 'admin'];

/** 考试管理 under /manage (secretaries and admins). Paths are relative to the area's root. */
export const manageExamRoutes: RouteRecordRaw[] = [
  {
    path: 'exams',
    name: 'manage-exams',
    component: () => import('../../pages/manage/exams/ExamListPage.vue'),
    meta: { title: '考试管理', roles: MANAGERS },
  },
  {
    path: 'exams/new',
    name: 'manage-exam-new',
    component: () => import('../../pages/manage/exams/ExamWizardPage.vue'),
    meta: { title: '新建考试', roles: MANAGERS },
  },
  {
    path: 'exams/:id/edit',
    name: 'manage-exam-edit',
    component: () => import('../../pages/manage/exams/ExamWizardPage.vue'),
    meta: { title: '编辑考试', roles: MANAGERS },
  },
  {
    path: 'exams/:id',
    name: 'manage-exam',
    component: () => import('../../pages/manage/exams/ExamDetailPage.vue'),
    meta: { title: '考试详情', roles: MANAGERS },
  },
  {
    path: 'exams/:id/results',
    name: 'manage-exam-results',
    component: () => import('../../pages/manage/exams/ExamResultsPage.vue'),
    meta: { title: '考试成绩', roles: MANAGERS },
  },
  {
    path: 'exams/:id/statistics',
    name: 'manage-exam-statistics',
    component: () => import('../../pages/manage/exams/ExamStatisticsPage.vue'),
    meta: { title: '试题分析', roles: MANAGERS },
  },
  {
    path: 'exams/:id/attempts/:attemptId',
    name: 'manage-exam-attempt',
    component: () => import('../../pages/manage/exams/ExamAttemptPage.vue'),
    meta: { title: '答卷详情', roles: MANAGERS },
  },
  {
    path: 'exams/:id/grading',
    name: 'manage-exam-grading',
    component: () => import('../../pages/manage/exams/ExamGradingPage.vue'),
    meta: { title: '简答题评分', roles: MANAGERS },
  },
  {
    path: 'exams/:id/key-corrections',
    name: 'manage-exam-key-corrections',
    component: () => import('../../pages/manage/exams/ExamKeyCorrectionsPage.vue'),
    meta: { title: '更正答案', roles: MANAGERS },
  },
];
