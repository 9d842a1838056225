import { defineErrors } from '../../common/errors';

export const SessionErrors = defineErrors('SESSIONS', {
  NOT_FOUND: { status: 404, message: '学习活动不存在' },
  UNIT_NOT_FOUND: { status: 404, message: '单位不存在或不在您的管理范围内' },
  TIME_INVALID: { status: 422, message: '活动时间不正确：{reason}' },
  PLACE_REQUIRED: { status: 422, message: '请填写活动地点或线上会议链接' },
  INVITE_INVALID: { status: 422, message: '参加人员不正确：{reason}' },
  LAW_INVALID: { status: 422, message: '学习内容不正确：{reason}' },
  STARTED: { status: 409, message: '活动已经开始，只能修改主题、主持人和地点' },
  CANCELLED: { status: 409, message: '活动已取消' },
  NOT_INVITED: { status: 404, message: '学习活动不存在' },
  CHECKIN_NOT_OPEN: { status: 409, message: '签到尚未开启' },
  CHECKIN_WINDOW: {
    status: 409,
    message: '不在签到时间内（活动开始前 15 分钟至结束后 15 分钟）',
  },
  CHECKIN_CODE_INVALID: {
    status: 422,
    message: '签到码不正确或已过期，请以现场显示的最新签到码为准',
  },
  CHECKIN_TOO_MANY_ATTEMPTS: {
    status: 429,
    message: '签到码输入错误次数过多，请 {seconds} 秒后再试',
  },
  ATTENDANCE_TOO_EARLY: { status: 409, message: '活动开始前 15 分钟起才能登记考勤' },
  NOT_AN_INVITEE: { status: 422, message: '该人员不在本次活动的参加人员中' },
  LEAVE_TOO_LATE: { status: 409, message: '活动已经开始，不能再请假' },
  LEAVE_EXISTS: { status: 409, message: '已提交过请假申请' },
  LEAVE_NOT_FOUND: { status: 404, message: '请假申请不存在' },
  LEAVE_DECIDED: { status: 409, message: '该请假申请已经处理' },
  MAKEUP_NOT_FOUND: { status: 404, message: '补学任务不存在' },
  MAKEUP_DONE: { status: 409, message: '补学已经完成' },
  MAKEUP_READ_FIRST: { status: 422, message: '请先阅读本次活动的学习材料' },
  MAKEUP_ANSWERS_INVALID: { status: 422, message: '请按顺序回答全部 {count} 道题' },
  MAKEUP_EXAM_IN_PROGRESS: {
    status: 409,
    message: '考试进行中，暂不能进行补学测试，请交卷后再试',
  },
  MAKEUP_QUIZ_CHANGED: {
    status: 409,
    message: '补学测试中有正在进行的考试的题目，已为您更换题目，请重新作答',
  },
  MATERIAL_NOT_FOUND: { status: 404, message: '学习材料不存在' },
  MATERIAL_TYPE: { status: 422, message: '只能上传 PDF、Word（.docx）或图片（JPEG、PNG）文件' },
  CALENDAR_NOT_FOUND: { status: 404, message: '日历订阅链接无效或已停用' },
  MATERIAL_REQUIRED: { status: 400, message: '请上传文件（表单字段名 file）' },
});
