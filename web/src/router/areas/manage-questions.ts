import type { RouteRecordRaw } from 'vue-router';

/** The read-only question bank browser under /manage (/manage/questions…). Paths are relative to the area's root. */
export const manageQuestionRoutes: RouteRecordRaw[] = [
  {
    path: 'questions',
    name: 'manage-questions',
    component: () => import('../../pages/manage/questions/ManageQuestionsPage.vue'),
    meta: { title: '题库', roles: ['secretary', 'admin'] },
  },
];
