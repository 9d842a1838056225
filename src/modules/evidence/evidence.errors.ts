import { defineErrors } from '../../common/errors';

export const EvidenceErrors = defineErrors('EVIDENCE', {
  STAFF_NOT_FOUND: { status: 404, message: '人员不存在或不在您的管理范围内' },
  UNIT_NOT_FOUND: { status: 404, message: '单位不存在或不在您的管理范围内' },
  PLAN_NOT_FOUND: { status: 404, message: '学法考法计划不存在' },
  UNIT_OUTSIDE_PLAN: { status: 422, message: '所选单位（人员）不在该学法考法计划的范围内' },
  INVALID_REQUEST: { status: 422, message: '导出参数有误：{reason}' },
  EXPORT_NOT_FOUND: { status: 404, message: '导出任务不存在或不在您的管理范围内' },
  EXPORT_NOT_READY: { status: 409, message: '导出文件尚未生成（当前状态：{status}）' },
  EXPORT_EXPIRED: { status: 410, message: '导出文件已于 {expiredAt} 过期删除，请重新导出' },
  EXPORT_FILE_CORRUPT: {
    status: 409,
    message: '导出文件已丢失或与登记的 SHA-256 不符，不能下载，请重新导出',
  },
  LINK_INVALID: {
    status: 401,
    message: '下载链接无效（可能被修改或不属于您），请回到“导出与校验”页面重新下载',
  },
  LINK_EXPIRED: {
    status: 410,
    message:
      '下载链接已过期或已经用过（每个链接只能在 1 分钟内使用一次），请回到“导出与校验”页面重新下载',
  },
  FILE_MISSING: { status: 400, message: '请上传要核验的文件（表单字段 file）' },
  FILE_NOT_XLSX: { status: 400, message: '只能核验本系统导出的 Excel 文件（.xlsx）' },
});
