import { defineErrors } from '../../common/errors';

export const ComplianceErrors = defineErrors('COMPLIANCE', {
  PLAN_NOT_FOUND: { status: 404, message: '学法考法计划不存在' },
  PLAN_NOT_ACTIVE: {
    status: 409,
    message: '计划尚未启用（仍为草稿），没有统计数据，也不能生成年度报告',
  },
  UNIT_NOT_FOUND: { status: 404, message: '单位不存在、不在本计划范围内或不在您的管理范围内' },
  PLAN_CLOSED: { status: 409, message: '计划已关闭，统计数据已固定，不能再修改免考免学' },
  EXEMPTION_STAFF: {
    status: 422,
    message: '该人员不在本计划的单位范围内，或在计划期间不在册',
  },
  EXEMPTION_EXISTS: { status: 409, message: '该人员在本计划中已有免考免学记录' },
  EXEMPTION_NOT_FOUND: { status: 404, message: '免考免学记录不存在' },
  EXEMPTION_REVOKED: { status: 409, message: '该免考免学记录已撤销' },
});
