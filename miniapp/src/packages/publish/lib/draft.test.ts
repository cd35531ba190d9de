import type { Bulletin, Delivery } from '@liangdian/shared';
import { changedFields, draftProblem, fieldsOf, inFlight, mergeDeliveries } from './draft';

const bulletin = {
  id: 1,
  number: '第1期',
  title: '关于2018年8月份全县亮点工作评选结果的通报',
  issuer: '县亮点工作办公室',
  lead: '为进一步激发全县各级各部门干事创业热情，现将评选结果通报如下：',
  closing: '希望受到通报的单位再接再厉。',
} as Bulletin;

const delivery = (id: number, status: Delivery['status']) => ({ id, status }) as Delivery;

describe('bulletin draft', () => {
  it('sends only the fields that changed, trimmed', () => {
    const draft = { ...fieldsOf(bulletin), number: ' 第2期 ', lead: `${bulletin.lead}  ` };
    expect(changedFields(bulletin, draft)).toEqual({ number: '第2期' });
    expect(changedFields(bulletin, fieldsOf(bulletin))).toEqual({});
  });

  it('says in Chinese what the server would refuse', () => {
    expect(draftProblem(fieldsOf(bulletin))).toBeNull();
    expect(draftProblem({ ...fieldsOf(bulletin), number: '  ' })).toBe('请填写期号');
    expect(draftProblem({ ...fieldsOf(bulletin), lead: '太短' })).toBe('导语至少 10 个字');
    expect(draftProblem({ ...fieldsOf(bulletin), closing: '' })).toBeNull();
    expect(draftProblem({ ...fieldsOf(bulletin), closing: '字'.repeat(4001) })).toBe('结束语不能超过 4000 个字');
  });
});

describe('deliveries', () => {
  it('follows only those the outbox is still working on', () => {
    expect(['pending', 'working', 'published', 'failed'].map((s) => inFlight(delivery(1, s as Delivery['status'])))).toEqual([true, true, false, false]);
  });

  it('merges by id, the newer answer winning, in id order', () => {
    const merged = mergeDeliveries([delivery(2, 'pending'), delivery(1, 'failed')], [delivery(2, 'published'), delivery(3, 'pending')]);
    expect(merged.map((d) => [d.id, d.status])).toEqual([
      [1, 'failed'],
      [2, 'published'],
      [3, 'pending'],
    ]);
  });
});
