import { AuditHeadEntity, AuditLogEntity } from './audit-log.entity';
import { EvidenceEntity } from './evidence.entity';
import { InspectionEntity, LedgerDistinctEntity, LedgerEntryEntity, LedgerSourceEntity } from './ledger.entity';
import { QuotaCounterEntity } from './quota-counter.entity';
import { ReportEntity } from './report.entity';
import { BallotEntity, RoundEntity, RoundEntryEntity } from './round.entity';
import { RoundAssignmentEntity, ScoreSheetEntity } from './score-sheet.entity';
import { RoleGrantEntity } from './role-grant.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';
import { PublicBallotEntity, PublicCandidateEntity, PublicCounterEntity, PublicVoteEntity } from './public-vote.entity';
import { BulletinEntity, CadreRecordEntity, ChannelEntity, DeliveryEntity, ReminderLogEntity, SubscriptionEntity } from './publication.entity';
export type { BulletinItemSnapshot, OfficialAccountState } from './publication.entity';

export { BulletinEntity, CadreRecordEntity, ChannelEntity, DeliveryEntity, ReminderLogEntity, SubscriptionEntity, PublicBallotEntity, PublicCandidateEntity, PublicCounterEntity, PublicVoteEntity, RoundAssignmentEntity, ScoreSheetEntity, BallotEntity, RoundEntity, RoundEntryEntity, AuditHeadEntity, AuditLogEntity, EvidenceEntity, InspectionEntity, LedgerDistinctEntity, LedgerEntryEntity, LedgerSourceEntity, QuotaCounterEntity, ReportEntity, RoleGrantEntity, UnitEntity, UserEntity };

export const ENTITIES = [UnitEntity, UserEntity, RoleGrantEntity, AuditLogEntity, AuditHeadEntity, ReportEntity, EvidenceEntity, QuotaCounterEntity, LedgerEntryEntity, LedgerSourceEntity, LedgerDistinctEntity, InspectionEntity, RoundEntity, RoundEntryEntity, BallotEntity, RoundAssignmentEntity, ScoreSheetEntity, PublicVoteEntity, PublicCandidateEntity, PublicCounterEntity, PublicBallotEntity, ChannelEntity, BulletinEntity, DeliveryEntity, CadreRecordEntity, SubscriptionEntity, ReminderLogEntity];
