import type { TestApp } from './test-app';

export type Session = { headers: { Authorization: string }; userId: number };

/** A complete report draft: enough to submit. */
export const DRAFT = { title: '城区背街小巷整治', summary: '集中整治城区背街小巷环境卫生，清理垃圾500余吨，群众满意度明显提升。', category: 'tenFields' };

export async function newDraft(t: TestApp, who: Session, body: object = DRAFT, path = '/api/reports'): Promise<number> {
  const res = await t.http().post(path).set(who.headers).send(body);
  if (res.status !== 201) throw new Error(`draft not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}
