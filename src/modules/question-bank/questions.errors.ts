import { defineErrors } from '../../common/errors';

export const QuestionErrors = defineErrors('QUESTIONS', {
  NOT_FOUND: { status: 404, message: '题目不存在' },
  REVISION_NOT_FOUND: { status: 404, message: '该题目没有第 {no} 版' },
  CODE_TAKEN: { status: 409, message: '题目编号“{code}”已存在' },
  CONTENT_INVALID: { status: 422, message: '题目内容不正确：{reason}' },
  REFERENCE_INVALID: { status: 422, message: '法律依据不正确：{reason}' },
  IMPORT_FILE_MISSING: {
    status: 400,
    message:
      '请上传题库文件（.json、.xlsx、Moodle XML、GIFT、Aiken 或 Word .docx，表单字段名 file）',
  },
  IMPORT_FILE_INVALID: { status: 400, message: '无法读取题库文件：{reason}' },
  IMPORT_INVALID: { status: 422, message: '题库文件有 {count} 处错误，未导入任何题目' },
  IMPORT_TOO_MANY_ROWS: { status: 422, message: '单次最多导入 {max} 道题，本文件有 {rows} 道' },
  EXPORT_LAW_REQUIRED: { status: 400, message: '导出题库文件（JSON）须指定一部法律法规（lawId）' },
  NOT_FLAGGED: { status: 409, message: '该题目没有待复核标记' },
});
