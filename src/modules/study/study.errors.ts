import { defineErrors } from '../../common/errors';

export const StudyErrors = defineErrors('STUDY', {
  LAW_NOT_FOUND: { status: 404, message: '法律法规不存在' },
  ARTICLE_NOT_FOUND: { status: 404, message: '《{law}》现行文本中没有第 {number} 条' },
  CHAPTER_NOT_FOUND: { status: 404, message: '《{law}》现行文本中没有“{key}”' },
  LAW_NO_TEXT: { status: 422, message: '《{law}》尚未导入条文' },
  PRACTICE_SCOPE_INVALID: { status: 422, message: '练习范围不正确：{reason}' },
  NO_QUESTIONS: { status: 422, message: '所选范围内没有可用于练习的题目' },
  WRONG_BOOK_EMPTY: { status: 422, message: '错题本中没有可练习的题目' },
  QUIZ_NOT_FOUND: { status: 404, message: '练习不存在' },
  POSITION_INVALID: { status: 404, message: '本次练习中没有第 {position} 题' },
  ALREADY_ANSWERED: { status: 409, message: '第 {position} 题已作答，不能重复作答' },
  QUIZ_FINISHED: { status: 409, message: '本次练习已结束' },
  EXAM_IN_PROGRESS: {
    status: 409,
    message: '考试进行中，暂不能练习或查看错题，请交卷后再试',
  },
  QUESTION_IN_EXAM: {
    status: 409,
    message: '第 {position} 题是您正在进行的考试中的题目，考试结束后才能作答',
  },
  DATE_INVALID: { status: 422, message: '日期不正确：{reason}' },
  CERTIFICATE_MISSING: {
    status: 400,
    message: '请上传培训证书（PDF、JPEG 或 PNG 文件，表单字段名 file）',
  },
  CERTIFICATE_TYPE: { status: 415, message: '证书文件须为 PDF、JPEG 或 PNG 格式' },
  CERTIFICATE_NOT_FOUND: { status: 404, message: '证书文件不存在' },
  RECORD_NOT_FOUND: { status: 404, message: '学习记录不存在' },
  NOT_PENDING: { status: 409, message: '该学习记录已审核（{status}），不能重复审核' },
  OWN_RECORD: { status: 403, message: '不能审核本人提交的学习记录' },
  STAFF_NOT_FOUND: { status: 404, message: '人员不存在' },
});
