import { defineErrors } from '../../common/errors';

export const CurriculumErrors = defineErrors('CURRICULUM', {
  LAW_NOT_FOUND: { status: 404, message: '法律法规不存在' },
  VERSION_NOT_FOUND: { status: 404, message: '该法律法规没有这个版本' },
  ARTICLE_NOT_FOUND: { status: 404, message: '该版本中没有第 {number} 条' },
  ARTICLE_RANGE_INVALID: {
    status: 400,
    message: '条文范围不正确：起止条号须递增，每次最多 {max} 条',
  },
  LAW_TEXT_INVALID: { status: 422, message: '法规文本无法导入：{reason}' },
  LAW_TEXT_TOO_LONG: {
    status: 413,
    message: '法规文本过长（{size}，上限 {limit}），请确认上传的是一部法律法规的正文',
  },
  LAW_FILE_MISSING: {
    status: 400,
    message: '请上传法规文本文件（.md、.txt 或 .docx，表单字段名 file）',
  },
  LAW_FILE_TYPE: { status: 415, message: '不支持的文件类型：{name}（支持 .md、.txt、.docx）' },
  SEARCH_QUERY_INVALID: { status: 400, message: '请输入 1 到 50 个字的检索词' },
  PLAN_NOT_FOUND: { status: 404, message: '学法考法计划不存在' },
  PLAN_EXISTS: { status: 409, message: '该单位 {year} 年度已有学法考法计划' },
  PLAN_PERIOD_INVALID: {
    status: 422,
    message: '计划期间不正确：结束日期不能早于开始日期，且须在 {year} 年内开始',
  },
  PLAN_CLOSED: { status: 409, message: '计划已关闭，不能再修改' },
  PLAN_NOT_DRAFT: { status: 409, message: '只能删除草稿状态的计划' },
  PLAN_STATUS_TRANSITION: { status: 409, message: '计划状态不能从“{from}”改为“{to}”' },
  REQUIRED_LAW_INVALID: { status: 422, message: '必学内容不正确：{reason}' },
  ITEM_NOT_FOUND: { status: 404, message: '责任清单条目不存在' },
  LIST_NOT_PUBLISHED: { status: 404, message: '该普法责任清单尚未公布' },
});
