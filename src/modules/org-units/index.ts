export { OrgUnitsModule } from './org-units.module';
export { OrgUnitEntity } from './entities/org-unit.entity';
export type { OrgUnitKind } from './entities/org-unit.entity';
export { OrgUnitsService, UNIT_READER_ROLES } from './org-units.service';
