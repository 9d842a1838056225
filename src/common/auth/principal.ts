export const ROLE_NAMES = ['staff', 'secretary', 'hr', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export const ROLE_LABELS: Record<RoleName, string> = {
  staff: '干部职工',
  secretary: '党组（支部）书记/学习组织员',
  hr: '人事干部',
  admin: '系统管理员',
};

/** One role held over an org unit and its whole subtree. */
export interface RoleGrant {
  role: RoleName;
  unitId: string;
  /** Materialised path of the unit, e.g. "/<root-id>/<child-id>/". */
  unitPath: string;
}

/** The signed-in staff member, attached to the request by the global guard. */
export interface Principal {
  staffId: string;
  staffNo: string;
  name: string;
  unitId: string;
  sessionId: string;
  mustChangePassword: boolean;
  grants: RoleGrant[];
}
