import { defineErrors } from '../../common/errors';

export const OrgUnitErrors = defineErrors('ORG_UNITS', {
  NOT_FOUND: { status: 404, message: '单位不存在' },
  PARENT_NOT_FOUND: { status: 404, message: '上级单位不存在' },
  CODE_TAKEN: { status: 409, message: '单位编码“{code}”已被使用' },
  CYCLE: { status: 422, message: '不能把单位移动到它自己或其下级单位之下' },
  ROOT_MOVE: { status: 422, message: '不能移动您管理范围的最上级单位' },
  NOT_EMPTY: { status: 409, message: '单位下仍有下级单位、人员或角色授权，不能删除' },
});
