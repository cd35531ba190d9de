import { LedgerEntryEntity, PublicVoteEntity, RoleGrantEntity, ReportEntity, UnitEntity, UserEntity } from '../db/entities';
import { insertCandidates } from '../modules/public-votes/public-votes.service';
import type { Database } from '../db/database';
import { appendAudit } from '../modules/audit/audit.service';
import { LedgerIndex } from '../modules/ledger/ledger-index';
import { enterLedger } from '../modules/ledger/ledger.service';
import { DEMO_MONTH, DEMO_UNITS, DEMO_USERS, DEMO_WORKS } from './demo-data';

/**
 * Loads the demo data once, into an empty database only (no units yet): a database that already
 * holds a county's data is never touched. Returns whether it loaded.
 */
export async function loadDemoData(db: Database): Promise<boolean> {
  return db.transaction(async (m) => {
    if ((await m.getRepository(UnitEntity).count()) > 0) return false;
    const unitIds = new Map<string, number>();
    for (const u of DEMO_UNITS) {
      unitIds.set(u.code, (await m.insert(UnitEntity, u)).identifiers[0].id);
    }
    for (const u of DEMO_USERS) {
      const unitId = u.unitCode ? unitIds.get(u.unitCode)! : null;
      const id = (await m.insert(UserEntity, { openid: u.openid, name: u.name, phone: u.phone, unitId })).identifiers[0].id;
      for (const role of u.roles) await m.insert(RoleGrantEntity, { userId: id, role });
    }
    const office = await m.getRepository(UserEntity).findOneByOrFail({ openid: 'demo-office' });
    const index = new LedgerIndex();
    for (const w of DEMO_WORKS) {
      const reporter = DEMO_USERS.find((u) => u.unitCode === w.unitCode && u.roles.includes('reporter'));
      const { identifiers } = await m.insert(ReportEntity, {
        unitId: unitIds.get(w.unitCode)!,
        kind: 'report',
        authorId: reporter ? (await m.getRepository(UserEntity).findOneByOrFail({ openid: reporter.openid })).id : null,
        month: DEMO_MONTH,
        title: w.title,
        summary: w.summary,
        category: 'tenFields',
        status: 'received',
      });
      // Received works are in the office's ledger, as the receive step would have put them.
      await enterLedger(m, await m.getRepository(ReportEntity).findOneByOrFail({ id: identifiers[0].id }), office.id, index);
    }
    // One public vote open now (for a year from loading) over the demo works, so the public page has something to show.
    const now = Date.now();
    const vote = await m.insert(PublicVoteEntity, {
      title: '全县亮点工作网络投票（演示）',
      roundId: null,
      opensAt: new Date(now - 86_400_000),
      closesAt: new Date(now + 365 * 86_400_000),
      dailyLimit: 10,
      hideCounts: false,
      createdBy: office.id,
    });
    await insertCandidates(m, vote.identifiers[0].id as number, await m.getRepository(LedgerEntryEntity).find({ order: { id: 'ASC' } }));
    await appendAudit(m, {
      actorId: null,
      action: 'demo.load',
      entityType: 'system',
      data: { units: DEMO_UNITS.length, users: DEMO_USERS.length, reports: DEMO_WORKS.length, month: DEMO_MONTH },
    });
    return true;
  });
}
