import { defineErrors } from '../../common/errors';

export const ExamErrors = defineErrors('EXAMS', {
  NOT_FOUND: { status: 404, message: '考试不存在' },
  ATTEMPT_NOT_FOUND: { status: 404, message: '答卷不存在' },
  UNIT_NOT_FOUND: { status: 404, message: '单位不存在或不在您的管理范围内' },
  PLAN_NOT_FOUND: { status: 404, message: '学法考法计划不存在，或不覆盖考试所属单位' },
  PARENT_NOT_FOUND: { status: 404, message: '补考对应的正式考试不存在' },
  AUDIENCE_INVALID: { status: 422, message: '考试对象不正确：{reason}' },
  WINDOW_INVALID: { status: 422, message: '考试时间不正确：{reason}' },
  PAPER_INVALID: { status: 422, message: '试卷设置不正确：{reason}' },
  QUESTION_UNAVAILABLE: {
    status: 422,
    message: '试卷中有 {count} 道题不可用（未启用、已停用或待复核）',
  },
  BLUEPRINT_SHORTFALL: { status: 422, message: '题库中符合条件的可用题目不足，无法组卷：{reason}' },
  NOT_DRAFT: { status: 409, message: '考试已发布，只能延长考试截止时间' },
  STATUS_TRANSITION: { status: 409, message: '考试状态不能从“{from}”改为“{to}”' },
  NOT_OPEN: { status: 409, message: '不在考试时间内（{opensAt} 至 {closesAt}）' },
  NOT_CANDIDATE: { status: 404, message: '考试不存在' },
  NO_ATTEMPTS_LEFT: { status: 409, message: '已用完全部 {allowed} 次答题机会' },
  ATTEMPT_CLOSED: { status: 409, message: '答题时间已结束，答案未保存' },
  POSITION_INVALID: { status: 404, message: '试卷中没有第 {position} 题' },
  EXTRA_TIME_INVALID: { status: 422, message: '延时不正确：{reason}' },
});
