import { ROLES, type Role } from '@liangdian/shared';
import { AuditLogEntity, EvidenceEntity, ReportEntity, RoleGrantEntity, UnitEntity, UserEntity } from '../src/db/entities';
import { describeEachDatabase } from './support/test-app';

/**
 * Every API route × every caller, with the answer expected. A route added without rows here fails
 * the coverage test below. `anon` has no token; each role's caller holds that role alone.
 */
type Caller = 'anon' | Role;
const CALLERS: Caller[] = ['anon', ...ROLES];

interface RouteCase {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** The pattern as registered, when `path` fills in parameters. */
  pattern?: string;
  body?: object;
  file?: { name: string; data: Buffer };
  /** Expected status by caller; `rest` for every caller not named. */
  expect: Partial<Record<Caller | 'rest', number>>;
}

const ADMIN_ONLY = { anon: 401, admin: 200, rest: 403 };
const SIGNED_IN = { anon: 401, rest: 200 };

const NO_ENTRY = 999999;
const OFFICE_FINDS_NOTHING = { anon: 401, rest: 403, office: 404 };

/** Outsiders to a draft of another user: role holders find nothing (404), others are refused (403). */
const DRAFT_OF_ANOTHER = (...roles: Role[]) => ({ anon: 401, rest: 403, ...Object.fromEntries(roles.map((r) => [r, 404])) });

function routes(targetUserId: number, unitId: number, draftId = 0, evidenceId = 0): RouteCase[] {
  const r = `/api/reports/${draftId}`;
  return [
    { method: 'get', path: '/api/health', expect: { rest: 200 } },
    { method: 'get', path: '/api/config', expect: { rest: 200 } },
    { method: 'post', path: '/api/auth/wechat-login', body: { code: 'c' }, expect: { rest: 503 } },
    { method: 'post', path: '/api/auth/dev-login', body: { openid: 'demo-public' }, expect: { rest: 200 } },
    { method: 'get', path: '/api/auth/dev-users', expect: { rest: 200 } },
    { method: 'get', path: '/api/me', expect: SIGNED_IN },
    { method: 'post', path: '/api/me/phone', body: { code: 'c' }, expect: { anon: 401, rest: 503 } },
    { method: 'get', path: '/api/units', expect: SIGNED_IN },
    { method: 'get', path: '/api/admin/users', expect: ADMIN_ONLY },
    {
      method: 'put',
      path: `/api/admin/users/${targetUserId}/roles`,
      pattern: '/api/admin/users/:id/roles',
      body: { roles: ['reporter'], unitId },
      expect: ADMIN_ONLY,
    },
    {
      method: 'post',
      path: '/api/admin/imports/units?dryRun=1',
      pattern: '/api/admin/imports/:kind',
      file: { name: 'u.csv', data: Buffer.from('code,name,type\nAUTHZ,鉴权测试单位,organ\n') },
      expect: ADMIN_ONLY,
    },
    { method: 'get', path: '/api/reports', expect: SIGNED_IN },
    { method: 'post', path: '/api/reports', body: { title: '鉴权测试' }, expect: { anon: 401, rest: 403, reporter: 201 } },
    { method: 'post', path: '/api/recommendations', body: { title: '鉴权测试' }, expect: { anon: 401, rest: 403, groupLeader: 201 } },
    { method: 'get', path: '/api/quota?kind=recommendation', pattern: '/api/quota', expect: { anon: 401, rest: 403, groupLeader: 200 } },
    { method: 'get', path: r, pattern: '/api/reports/:id', expect: { anon: 401, rest: 404 } },
    { method: 'patch', path: r, pattern: '/api/reports/:id', body: { title: '篡改' }, expect: { anon: 401, rest: 404 } },
    { method: 'put', path: r, pattern: '/api/reports/:id', body: { title: '篡改' }, expect: { anon: 401, rest: 404 } },
    { method: 'post', path: `${r}/submit`, pattern: '/api/reports/:id/submit', body: { month: '2026-11' }, expect: DRAFT_OF_ANOTHER('reporter', 'groupLeader') },
    { method: 'post', path: `${r}/sign-off`, pattern: '/api/reports/:id/sign-off', body: {}, expect: DRAFT_OF_ANOTHER('unitHead') },
    { method: 'post', path: `${r}/return`, pattern: '/api/reports/:id/return', body: { reason: '鉴权测试' }, expect: DRAFT_OF_ANOTHER('unitHead', 'office') },
    { method: 'post', path: `${r}/receive`, pattern: '/api/reports/:id/receive', body: {}, expect: DRAFT_OF_ANOTHER('office') },
    { method: 'post', path: `${r}/withdraw`, pattern: '/api/reports/:id/withdraw', body: {}, expect: { anon: 401, rest: 404 } },
    {
      method: 'post',
      path: `${r}/evidence`,
      pattern: '/api/reports/:id/evidence',
      file: { name: 'doc.pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') },
      expect: { anon: 401, rest: 404 },
    },
    { method: 'post', path: `${r}/links`, pattern: '/api/reports/:id/links', body: { url: 'https://example.org/a', title: '报道' }, expect: { anon: 401, rest: 404 } },
    { method: 'delete', path: `${r}/evidence/${evidenceId}`, pattern: '/api/reports/:id/evidence/:evidenceId', expect: { anon: 401, rest: 404 } },
    { method: 'get', path: `/api/evidence/${evidenceId}/file`, pattern: '/api/evidence/:id/:variant', expect: { anon: 401, rest: 404 } },
    { method: 'get', path: '/api/ledger', expect: { anon: 401, rest: 403, office: 200 } },
    { method: 'get', path: `/api/ledger/${NO_ENTRY}`, pattern: '/api/ledger/:id', expect: OFFICE_FINDS_NOTHING },
    { method: 'post', path: `/api/ledger/${NO_ENTRY}/merge`, pattern: '/api/ledger/:id/merge', body: { intoEntryId: 1, reason: '鉴权测试' }, expect: OFFICE_FINDS_NOTHING },
    { method: 'post', path: `/api/ledger/${NO_ENTRY}/distinct`, pattern: '/api/ledger/:id/distinct', body: { otherEntryId: 1, reason: '鉴权测试' }, expect: OFFICE_FINDS_NOTHING },
    { method: 'post', path: `/api/ledger/${NO_ENTRY}/inspector`, pattern: '/api/ledger/:id/inspector', body: { inspectorId: 1 }, expect: OFFICE_FINDS_NOTHING },
    {
      method: 'post',
      path: `/api/ledger/${NO_ENTRY}/inspection`,
      pattern: '/api/ledger/:id/inspection',
      body: { visitedAt: '2026-11-01T10:00:00+08:00', findings: '鉴权测试记录', verdict: 'pass' },
      expect: OFFICE_FINDS_NOTHING,
    },
    { method: 'get', path: '/api/catalog?month=2026-11', pattern: '/api/catalog', expect: { anon: 401, rest: 403, office: 200, leadingGroup: 200 } },
    { method: 'get', path: '/api/ledger/inspectors', expect: { anon: 401, rest: 403, office: 200 } },
    {
      method: 'post',
      path: `/api/ledger/${NO_ENTRY}/photos`,
      pattern: '/api/ledger/:id/photos',
      file: { name: 'p.pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') },
      expect: OFFICE_FINDS_NOTHING,
    },
    { method: 'delete', path: `/api/ledger/${NO_ENTRY}/photos/1`, pattern: '/api/ledger/:id/photos/:photoId', expect: OFFICE_FINDS_NOTHING },
    // An empty catalog: the office is refused with 409, and nothing is opened.
    { method: 'post', path: '/api/rounds', body: { month: '2020-01', endsAt: '2099-01-01T00:00:00+08:00' }, expect: { anon: 401, rest: 403, office: 409 } },
    { method: 'get', path: '/api/rounds', expect: { anon: 401, rest: 403, office: 200, leadingGroup: 200, committee: 200, groupLeader: 200 } },
    { method: 'get', path: `/api/rounds/${NO_ENTRY}`, pattern: '/api/rounds/:id', expect: { anon: 401, rest: 403, office: 404, leadingGroup: 404, committee: 404, groupLeader: 404 } },
    { method: 'put', path: `/api/rounds/${NO_ENTRY}/ballot`, pattern: '/api/rounds/:id/ballot', body: { entryIds: [] }, expect: { anon: 401, rest: 403, leadingGroup: 404, committee: 404 } },
    { method: 'post', path: `/api/rounds/${NO_ENTRY}/close`, pattern: '/api/rounds/:id/close', body: {}, expect: OFFICE_FINDS_NOTHING },
    { method: 'post', path: `/api/rounds/${NO_ENTRY}/decide`, pattern: '/api/rounds/:id/decide', body: { entryIds: [1], reason: '鉴权测试' }, expect: OFFICE_FINDS_NOTHING },
    { method: 'get', path: `/api/rounds/${NO_ENTRY}/result`, pattern: '/api/rounds/:id/result', expect: { anon: 401, rest: 403, office: 404, leadingGroup: 404, committee: 404, groupLeader: 404 } },
    { method: 'get', path: '/api/my-rounds', expect: { anon: 401, rest: 403, assessor: 200 } },
    { method: 'post', path: '/api/rounds/annual', body: { year: '2020', endsAt: '2099-01-01T00:00:00+08:00' }, expect: { anon: 401, rest: 403, office: 409 } },
    { method: 'put', path: `/api/rounds/${NO_ENTRY}/public-counts`, pattern: '/api/rounds/:id/public-counts', body: { counts: [{ entryId: 1, count: 5 }] }, expect: OFFICE_FINDS_NOTHING },
    { method: 'get', path: '/api/highlights?month=2026-11', pattern: '/api/highlights', expect: SIGNED_IN },
    { method: 'get', path: '/api/assessment?year=2026', pattern: '/api/assessment', expect: { anon: 401, rest: 403, office: 200, leadingGroup: 200, committee: 200, groupLeader: 200 } },
    { method: 'get', path: '/api/assessors', expect: { anon: 401, rest: 403, office: 200 } },
    { method: 'post', path: '/api/rounds/quarterly', body: { quarter: '2020-Q1', endsAt: '2099-01-01T00:00:00+08:00' }, expect: { anon: 401, rest: 403, office: 409 } },
    { method: 'post', path: `/api/rounds/${NO_ENTRY}/assignments`, pattern: '/api/rounds/:id/assignments', body: { assessorId: 1, entryIds: [1] }, expect: OFFICE_FINDS_NOTHING },
    { method: 'get', path: `/api/rounds/${NO_ENTRY}/my-items`, pattern: '/api/rounds/:id/my-items', expect: { anon: 401, rest: 403, assessor: 404 } },
    { method: 'get', path: '/api/public-votes', expect: { rest: 200 } },
    { method: 'post', path: '/api/public-votes', body: { title: '鉴权测试', opensAt: '2026-01-01T00:00:00+08:00', closesAt: '2099-01-01T00:00:00+08:00', entryIds: [NO_ENTRY, NO_ENTRY + 1] }, expect: { anon: 401, rest: 403, office: 400, admin: 400 } },
    { method: 'get', path: `/api/public-votes/${NO_ENTRY}`, pattern: '/api/public-votes/:id', expect: { rest: 404 } },
    { method: 'get', path: `/api/public-votes/${NO_ENTRY}/candidates/1/photo`, pattern: '/api/public-votes/:id/candidates/:cid/photo', expect: { rest: 404 } },
    { method: 'get', path: `/api/public-votes/${NO_ENTRY}/results`, pattern: '/api/public-votes/:id/results', expect: { rest: 404 } },
    { method: 'get', path: `/api/public-votes/${NO_ENTRY}/my-ballots`, pattern: '/api/public-votes/:id/my-ballots', expect: { anon: 401, rest: 404 } },
    { method: 'post', path: `/api/public-votes/${NO_ENTRY}/ballots`, pattern: '/api/public-votes/:id/ballots', body: { candidateIds: ['1'] }, expect: { anon: 401, rest: 404 } },
    { method: 'get', path: `/api/public-votes/${NO_ENTRY}/flagged`, pattern: '/api/public-votes/:id/flagged', expect: { anon: 401, rest: 403, office: 404, admin: 404 } },
    { method: 'post', path: `/api/public-votes/${NO_ENTRY}/decisions`, pattern: '/api/public-votes/:id/decisions', body: { ballotIds: ['1'], exclude: true, reason: '鉴权测试' }, expect: OFFICE_FINDS_NOTHING },
    { method: 'post', path: `/api/public-votes/${NO_ENTRY}/recount`, pattern: '/api/public-votes/:id/recount', body: {}, expect: { anon: 401, rest: 403, office: 404, admin: 404 } },
    // Publication (issue 7): mutations are sent with bodies the schema refuses, so the office's row
    // proves it passes the role check (400/404) without changing anything.
    { method: 'get', path: '/api/publication/channels', expect: { anon: 401, rest: 403, office: 200 } },
    { method: 'post', path: '/api/publication/channels', body: { kind: 'webhook', name: '鉴权测试' }, expect: { anon: 401, rest: 403, office: 400 } },
    { method: 'put', path: `/api/publication/channels/${NO_ENTRY}`, pattern: '/api/publication/channels/:id', body: { name: '鉴权测试' }, expect: OFFICE_FINDS_NOTHING },
    { method: 'post', path: `/api/rounds/${NO_ENTRY}/bulletin`, pattern: '/api/rounds/:id/bulletin', body: {}, expect: OFFICE_FINDS_NOTHING },
    { method: 'get', path: '/api/bulletins', expect: { anon: 401, rest: 403, office: 200 } },
    { method: 'get', path: `/api/bulletins/${NO_ENTRY}`, pattern: '/api/bulletins/:id', expect: OFFICE_FINDS_NOTHING },
    { method: 'put', path: `/api/bulletins/${NO_ENTRY}`, pattern: '/api/bulletins/:id', body: { number: '第1期' }, expect: OFFICE_FINDS_NOTHING },
    { method: 'get', path: `/api/bulletins/${NO_ENTRY}/docx`, pattern: '/api/bulletins/:id/docx', expect: OFFICE_FINDS_NOTHING },
    { method: 'get', path: `/api/bulletins/${NO_ENTRY}/article`, pattern: '/api/bulletins/:id/article', expect: OFFICE_FINDS_NOTHING },
    // A signed link, no token: a bad signature finds nothing, whoever asks.
    { method: 'get', path: `/api/bulletins/${NO_ENTRY}/photos/1?exp=1&sig=x`, pattern: '/api/bulletins/:id/photos/:evidenceId', expect: { rest: 404 } },
    { method: 'post', path: `/api/bulletins/${NO_ENTRY}/publish`, pattern: '/api/bulletins/:id/publish', body: { channelIds: [1] }, expect: OFFICE_FINDS_NOTHING },
    { method: 'get', path: `/api/bulletins/${NO_ENTRY}/deliveries`, pattern: '/api/bulletins/:id/deliveries', expect: OFFICE_FINDS_NOTHING },
    { method: 'post', path: `/api/deliveries/${NO_ENTRY}/retry`, pattern: '/api/deliveries/:id/retry', body: {}, expect: OFFICE_FINDS_NOTHING },
    { method: 'get', path: '/api/exports/ledger.xlsx?month=2026-11', pattern: '/api/exports/ledger.xlsx', expect: { anon: 401, rest: 403, office: 200 } },
    { method: 'get', path: `/api/exports/rounds/${NO_ENTRY}.xlsx`, pattern: '/api/exports/rounds/:id.xlsx', expect: { anon: 401, rest: 403, office: 404, leadingGroup: 404, committee: 404, groupLeader: 404 } },
    { method: 'get', path: '/api/exports/assessment.xlsx?year=2026', pattern: '/api/exports/assessment.xlsx', expect: { anon: 401, rest: 403, office: 200, leadingGroup: 200, committee: 200, groupLeader: 200 } },
    { method: 'get', path: '/api/me/cadre-file', expect: SIGNED_IN },
    { method: 'get', path: `/api/users/${targetUserId}/cadre-file`, pattern: '/api/users/:id/cadre-file', expect: { anon: 401, rest: 403, office: 200 } },
    { method: 'get', path: '/api/cadres?q=authz&page=1&pageSize=5', pattern: '/api/cadres', expect: { anon: 401, rest: 403, office: 200 } },
    { method: 'get', path: '/api/me/subscriptions', expect: SIGNED_IN },
    { method: 'post', path: '/api/me/subscriptions', body: { kind: 'deadline', accepted: false }, expect: SIGNED_IN },
    { method: 'post', path: '/api/reminders/run', body: {}, expect: { anon: 401, rest: 403, office: 200, admin: 200 } },
    {
      method: 'put',
      path: `/api/rounds/${NO_ENTRY}/sheets/1`,
      pattern: '/api/rounds/:id/sheets/:entryId',
      body: { scores: { distinctive: 5, organised: 5, influence: 5, breakthrough: 5, leaderPraise: 5 }, clientId: 'authz-sheet-0001' },
      expect: { anon: 401, rest: 403, assessor: 404 },
    },
  ];
}

describeEachDatabase('authorization: every route × every role', (t) => {
  const headers = new Map<Caller, Record<string, string>>();
  let target = 0;
  let unitId = 0;
  let draft = 0;
  let evidence = 0;

  beforeAll(async () => {
    const m = t().services.db.manager;
    unitId = (await m.getRepository(UnitEntity).findOneByOrFail({ code: 'XCB' })).id;
    for (const role of ROLES) {
      const { headers: auth, userId } = await t().login(`authz-${role}`);
      await m.update(UserEntity, { id: userId }, { unitId: role === 'reporter' || role === 'unitHead' ? unitId : null });
      if (role !== 'public') await m.insert(RoleGrantEntity, { userId, role });
      headers.set(role, auth);
    }
    headers.set('anon', {});
    target = (await t().login('authz-target')).userId;
    // A draft of the demo reporter of the same unit as the authz reporter and unit head.
    const author = await t().login('demo-reporter');
    draft = (await t().http().post('/api/reports').set(author.headers).send({ title: '他人的草稿' }).expect(201)).body.id;
    evidence = (await t().http().post(`/api/reports/${draft}/evidence`).set(author.headers).attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'a.pdf').expect(201)).body.id;
  });

  const snapshot = async () => {
    const m = t().services.db.manager;
    return {
      audit: await m.getRepository(AuditLogEntity).count(),
      users: await m.getRepository(UserEntity).count(),
      grants: await m.getRepository(RoleGrantEntity).find({ order: { id: 'ASC' } }),
      units: await m.getRepository(UnitEntity).count(),
      reports: await m.getRepository(ReportEntity).find({ order: { id: 'ASC' } }),
      evidence: await m.getRepository(EvidenceEntity).count(),
    };
  };

  it('covers every registered API route', () => {
    const registered = t()
      .app.api.stack.flatMap((layer) => layer.methods.filter((x) => x !== 'HEAD').map((x) => `${x} ${layer.path}`))
      .sort();
    const covered = routes(0, 0).map((r) => `${r.method.toUpperCase()} ${r.pattern ?? r.path.split('?')[0]}`).sort();
    expect(covered).toEqual(registered);
  });

  for (const caller of CALLERS) {
    it(`answers ${caller} as the table says, and a refusal changes nothing`, async () => {
      for (const r of routes(target, unitId, draft, evidence)) {
        const expected = r.expect[caller] ?? r.expect.rest!;
        const before = await snapshot();
        let req = t().http()[r.method](r.path).set(headers.get(caller)!);
        if (r.file) req = req.attach('file', r.file.data, r.file.name);
        const res = await (r.body ? req.send(r.body) : req);
        expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: expected });
        if (expected >= 400) {
          expect(res.body.error.code).toEqual(expect.any(String));
          expect(await snapshot()).toEqual(before);
        }
      }
    });
  }
});
