import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { AuditLogEntity } from '../src/db/entities';
import { appendAudit, verifyAuditChain } from '../src/modules/audit/audit.service';
import { describeEachDatabase } from './support/test-app';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

describeEachDatabase('the hash-chained audit log', (t) => {
  const append = (n: number, tag: string) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        t().services.db.transaction((m) => appendAudit(m, { actorId: null, action: 'test.append', entityType: 'test', entityId: `${tag}-${i}`, data: { i } })),
      ),
    );

  it('keeps one unbroken chain under concurrent writers', async () => {
    await append(40, 'concurrent');
    const report = await verifyAuditChain(t().services.db, 7);
    expect(report).toMatchObject({ ok: true });
    const rows = await t().services.db.manager.getRepository(AuditLogEntity).find({ order: { seq: 'ASC' } });
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
  });

  it('writes nothing when the transaction around it fails', async () => {
    const before = await t().services.db.manager.getRepository(AuditLogEntity).count();
    await expect(
      t().services.db.transaction(async (m) => {
        await appendAudit(m, { actorId: null, action: 'test.rollback', entityType: 'test' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await t().services.db.manager.getRepository(AuditLogEntity).count()).toBe(before);
    expect((await verifyAuditChain(t().services.db)).ok).toBe(true);
  });

  it('refuses to append outside a transaction', async () => {
    await expect(appendAudit(t().services.db.manager, { actorId: null, action: 'x', entityType: 'test' })).rejects.toThrow(/inside a transaction/);
  });

  it('names the first tampered row, whatever was changed', async () => {
    await append(5, 'tamper');
    const repo = t().services.db.manager.getRepository(AuditLogEntity);
    const victim = (await repo.find({ order: { seq: 'ASC' }, take: 3 }))[2];
    await repo.update({ seq: victim.seq }, { data: JSON.stringify({ i: 999 }) });
    expect((await verifyAuditChain(t().services.db)).firstBroken).toEqual({ seq: victim.seq, reason: 'content does not match its hash' });
    await repo.update({ seq: victim.seq }, { data: victim.data });
    expect((await verifyAuditChain(t().services.db)).ok).toBe(true);

    // Recomputing the edited row's own hash is not enough: the next row's link breaks.
    const { auditHash } = await import('../src/modules/audit/audit.service');
    const forged = { ...victim, actorId: 77 };
    await repo.update({ seq: victim.seq }, { actorId: 77, hash: auditHash(victim.prevHash, forged) });
    expect((await verifyAuditChain(t().services.db)).firstBroken).toEqual({ seq: victim.seq + 1, reason: 'prev_hash does not match the previous row' });
    await repo.update({ seq: victim.seq }, { actorId: victim.actorId, hash: victim.hash });

    const last = (await repo.find({ order: { seq: 'DESC' }, take: 1 }))[0];
    await repo.delete({ seq: last.seq });
    expect((await verifyAuditChain(t().services.db)).ok).toBe(false);
    await repo.insert(last);
    expect((await verifyAuditChain(t().services.db)).ok).toBe(true);
  });

  it('npm run audit:verify reports a tampered row by its number and exits 1', async () => {
    const db = t().services.config.database;
    const env = { ...process.env, DATABASE_URL: db.kind === 'sqlite' ? `sqlite:${db.path}` : db.url, JWT_SECRET: 'x'.repeat(32), NODE_ENV: 'test' };
    // The built command, as a user runs it (npm test builds the server first).
    const verify = () => run('npm', ['run', '-s', 'audit:verify'], { env, cwd: ROOT }).then((r) => ({ code: 0, out: r.stdout }), (e) => ({ code: e.code as number, out: `${e.stdout}${e.stderr}` }));
    const good = await verify();
    expect(good.out).toMatch(/audit chain OK: \d+ rows verified/);
    expect(good.code).toBe(0);

    const repo = t().services.db.manager.getRepository(AuditLogEntity);
    const victim = (await repo.find({ order: { seq: 'ASC' }, take: 2 }))[1];
    await repo.update({ seq: victim.seq }, { action: 'user.roles.set' });
    const bad = await verify();
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`BROKEN at row seq=${victim.seq}`);
    await repo.update({ seq: victim.seq }, { action: victim.action });
  });
});
