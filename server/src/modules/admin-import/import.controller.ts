import { importKindSchema, importQuerySchema, setRolesRequestSchema, userListQuerySchema, type SetRolesRequest, type UserListQuery } from '@liangdian/shared';
import { z } from 'zod';
import { authenticate, requireRole } from '../../http/auth';
import { readSingleFile } from '../../http/multipart';
import type { AppRouter } from '../../http/router';
import { validate } from '../../http/validate';
import type { AppServices } from '../../services';
import type { IdentityService } from '../identity/identity.service';
import { runImport } from './import.service';
import { parseTable } from './parse-table';

const kindParams = z.object({ kind: importKindSchema }).strict();
const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();

export function adminRoutes(router: AppRouter, s: AppServices, identity: IdentityService) {
  const admin = [authenticate(s.tokens, (id) => identity.loadAuthUser(id)), requireRole('admin')] as const;

  router.post('/admin/imports/:kind', ...admin, validate('params', kindParams), validate('query', importQuerySchema), async (ctx) => {
    const { kind } = ctx.state.params as z.infer<typeof kindParams>;
    const { dryRun } = ctx.state.query as z.infer<typeof importQuerySchema>;
    const file = await readSingleFile(ctx, { field: 'file', maxBytes: s.config.limits.importBytes });
    const table = await parseTable(file.data);
    ctx.body = await runImport(s.db, ctx.state.user!.id, kind, table, dryRun === '1' || dryRun === 'true');
  });

  router.get('/admin/users', ...admin, validate('query', userListQuerySchema), async (ctx) => {
    ctx.body = await identity.listUsers(ctx.state.query as UserListQuery);
  });

  router.put('/admin/users/:id/roles', ...admin, validate('params', idParams), validate('body', setRolesRequestSchema), async (ctx) => {
    const { id } = ctx.state.params as z.infer<typeof idParams>;
    ctx.body = await identity.setRoles(ctx.state.user!.id, id, ctx.state.body as SetRolesRequest);
  });
}
