import { AuditHeadEntity, AuditLogEntity } from './audit-log.entity';
import { EvidenceEntity } from './evidence.entity';
import { QuotaCounterEntity } from './quota-counter.entity';
import { ReportEntity } from './report.entity';
import { RoleGrantEntity } from './role-grant.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';

export { AuditHeadEntity, AuditLogEntity, EvidenceEntity, QuotaCounterEntity, ReportEntity, RoleGrantEntity, UnitEntity, UserEntity };

export const ENTITIES = [UnitEntity, UserEntity, RoleGrantEntity, AuditLogEntity, AuditHeadEntity, ReportEntity, EvidenceEntity, QuotaCounterEntity];
