export { StaffModule } from './staff.module';
export { StaffEntity } from './entities/staff.entity';
export { onRosterDuring, onRosterDuringSql, onRosterOnSql } from './roster-predicate';
export { StaffService } from './staff.service';
