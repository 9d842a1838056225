import { defineErrors } from '../../common/errors';

export const StaffErrors = defineErrors('STAFF', {
  NOT_FOUND: { status: 404, message: '人员不存在' },
  STAFF_NO_TAKEN: { status: 409, message: '工号“{staffNo}”已存在' },
  UNIT_NOT_FOUND: { status: 404, message: '单位不存在或不在您的管理范围内' },
  ROLE_EXISTS: { status: 409, message: '该人员在该单位已拥有此角色' },
  ROLE_NOT_FOUND: { status: 404, message: '角色授权不存在' },
  OWN_ROLES: { status: 422, message: '不能修改自己的角色' },
  OWN_ACCOUNT: {
    status: 422,
    message: '不能停用、调动、解锁或重置自己的账号，请由其他管理员办理（修改密码请使用“修改密码”）',
  },
  OUTRANKS_CALLER: {
    status: 403,
    message: '该人员拥有超出您管理范围的角色授权，只能由管理范围覆盖其全部授权的管理员办理',
  },
  EMPLOYMENT_DATES: { status: 422, message: '离职日期不能早于入职日期' },
  IMPORT_FILE_MISSING: { status: 400, message: '请上传 Excel 文件（表单字段名 file）' },
  IMPORT_FILE_INVALID: { status: 400, message: '无法读取导入文件：{reason}' },
  IMPORT_TOO_MANY_ROWS: { status: 422, message: '单次最多导入 {max} 行，本文件有 {rows} 行' },
  IMPORT_INVALID: { status: 422, message: '导入文件有 {count} 处错误，未导入任何数据' },
});
