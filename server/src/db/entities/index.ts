import { AuditHeadEntity, AuditLogEntity } from './audit-log.entity';
import { ReportEntity } from './report.entity';
import { RoleGrantEntity } from './role-grant.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';

export { AuditHeadEntity, AuditLogEntity, ReportEntity, RoleGrantEntity, UnitEntity, UserEntity };

export const ENTITIES = [UnitEntity, UserEntity, RoleGrantEntity, AuditLogEntity, AuditHeadEntity, ReportEntity];
