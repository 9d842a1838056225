import type { RouteRecordRaw } from 'vue-router';
import { prefetchAttempt } from '../exam/prefetch';
import { adminRoutes } from './areas/admin';
import { hrRoutes } from './areas/hr';
import { manageComplianceRoutes } from './areas/manage-compliance';
import { manageExamRoutes } from './areas/manage-exams';
import { managePeopleRoutes } from './areas/manage-people';
import { manageQuestionRoutes } from './areas/manage-questions';
import { manageSessionRoutes } from './areas/manage-sessions';

/** Every role that sees the management shell. */
export const MANAGERS = ['secretary', 'hr', 'admin'] as const;

/**
 * The route table. Pages are lazy (`() => import(...)`) so each is its own chunk; the layouts
 * are the shells. Add a staff page as a child of the StaffLayout record, a management page as
 * a child route in its area's file under ./areas (children of '/manage', '/hr' or '/admin'),
 * with `meta: { title, roles? }`.
 */
/** Paths of an area not built yet: a friendly page instead of 页面不存在. */
function pendingRoute(name: string, title: string): RouteRecordRaw {
  return {
    path: ':rest(.*)*',
    name,
    component: () => import('../pages/common/ComingSoonPage.vue'),
    meta: { title },
  };
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../pages/common/LoginPage.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('../pages/common/PasswordPage.vue'),
    meta: { title: '修改密码', allowPendingPassword: true },
  },
  {
    path: '/',
    // lazy like the pages: the exam page and the sign-in page do not load the staff shell
    component: () => import('../layouts/StaffLayout.vue'),
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('../pages/staff/home/HomePage.vue'),
        meta: { title: '工作台' },
      },
      {
        path: 'laws',
        name: 'laws',
        component: () => import('../pages/staff/study/LawsPage.vue'),
        meta: { title: '法规学习' },
      },
      {
        path: 'laws/:id',
        name: 'law-reader',
        component: () => import('../pages/staff/study/LawReaderPage.vue'),
        meta: { title: '阅读' },
      },
      {
        path: 'practice',
        name: 'practice',
        component: () => import('../pages/staff/study/PracticePage.vue'),
        meta: { title: '练习' },
      },
      {
        path: 'practice/:id',
        name: 'practice-quiz',
        component: () => import('../pages/staff/study/PracticeQuizPage.vue'),
        meta: { title: '练习答题' },
      },
      {
        path: 'wrong-answers',
        name: 'wrong-answers',
        component: () => import('../pages/staff/study/WrongAnswersPage.vue'),
        meta: { title: '错题本' },
      },
      {
        path: 'study',
        name: 'study',
        component: () => import('../pages/staff/study/StudyPage.vue'),
        meta: { title: '我的学时' },
      },
      {
        path: 'exams',
        name: 'my-exams',
        component: () => import('../pages/staff/exams/MyExamsPage.vue'),
        meta: { title: '我的考试' },
      },
      {
        path: 'exams/:examId',
        name: 'exam-rules',
        component: () => import('../pages/staff/exams/ExamRulesPage.vue'),
        meta: { title: '考前须知' },
      },
      {
        path: 'attempts/:id/result',
        name: 'attempt-result',
        component: () => import('../pages/staff/exams/AttemptResultPage.vue'),
        meta: { title: '成绩与回顾' },
      },
      {
        path: 'sessions',
        name: 'sessions',
        component: () => import('../pages/staff/sessions/SessionsPage.vue'),
        meta: { title: '学习活动' },
      },
      {
        path: 'sessions/:id',
        name: 'session',
        component: () => import('../pages/staff/sessions/SessionDetailPage.vue'),
        meta: { title: '学习活动详情' },
      },
      {
        path: 'checkin',
        name: 'checkin',
        component: () => import('../pages/staff/sessions/CheckinPage.vue'),
        meta: { title: '活动签到' },
      },
      {
        path: 'makeups',
        name: 'makeups',
        component: () => import('../pages/staff/sessions/MakeupsPage.vue'),
        meta: { title: '补学' },
      },
      {
        path: 'makeups/:sessionId',
        name: 'makeup',
        component: () => import('../pages/staff/sessions/MakeupPage.vue'),
        meta: { title: '补学' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('../pages/staff/account/NotificationsPage.vue'),
        meta: { title: '消息通知' },
      },
      {
        path: 'me/record',
        name: 'my-record',
        component: () => import('../pages/staff/account/RecordPage.vue'),
        meta: { title: '我的年度档案' },
      },
      {
        path: 'settings',
        name: 'settings',
        component: () => import('../pages/staff/account/SettingsPage.vue'),
        meta: { title: '设置' },
      },
      {
        path: 'profile',
        name: 'profile',
        component: () => import('../pages/staff/account/ProfilePage.vue'),
        meta: { title: '我的' },
      },
    ],
  },
  {
    // The exam itself: full screen (its own sticky bars), no idle dialog (heartbeats keep the
    // sign-in), and a sign-in dialog in place when the sign-in ends (web.md §6).
    path: '/attempts/:id',
    name: 'attempt',
    component: () => import('../pages/staff/exams/AttemptPage.vue'),
    // the attempt is fetched while the page's chunk loads (exam/prefetch.ts)
    beforeEnter: (to) => prefetchAttempt(String(to.params.id)),
    meta: { title: '答题', noIdleWarning: true, signInInPlace: true },
  },
  {
    path: '/manage',
    component: () => import('../layouts/ManageLayout.vue'),
    meta: { roles: [...MANAGERS] },
    children: [
      {
        path: '',
        name: 'manage-home',
        component: () => import('../pages/manage/home/ManageHomePage.vue'),
        meta: { title: '管理工作台' },
      },
      ...manageExamRoutes,
      ...manageSessionRoutes,
      ...manageComplianceRoutes,
      ...managePeopleRoutes,
      ...manageQuestionRoutes,
    ],
  },
  {
    path: '/hr',
    component: () => import('../layouts/ManageLayout.vue'),
    meta: { roles: ['hr', 'admin'] },
    children: [...hrRoutes, pendingRoute('hr-pending', '人事管理')],
  },
  {
    path: '/admin',
    component: () => import('../layouts/ManageLayout.vue'),
    meta: { roles: ['admin'] },
    children: [...adminRoutes, pendingRoute('admin-pending', '系统管理')],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../pages/common/NotFoundPage.vue'),
    meta: { title: '页面不存在' },
  },
];
