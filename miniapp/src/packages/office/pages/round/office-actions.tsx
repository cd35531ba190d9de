import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { RoundResult } from '@liangdian/shared';
import { fieldId } from '../../../report/lib/hooks';
import { toggleChoice } from '../../lib/choices';

/** 结束投票: the tally decides, or shows a tie at the cut-off for the office to decide. */
export function CloseRound({ busy, expired, annual = false, onClose }: { busy: boolean; expired: boolean; annual?: boolean; onClose: () => void }) {
  return (
    <View className="section" id="round-admin">
      <View className="section-title">结束投票</View>
      <View className="muted">
        {expired ? '已过截止时间，请结束投票并计票。' : '截止时间未到也可以提前结束。'}{annual ? '结束后不能再投票，按委员会投票（60%）与网络投票（40%）的综合得分确定入选事项；请先保存网络投票数。' : '结束后不能再投票，按得票数确定入选事项。'}
      </View>
      <View className="spaced">
        <Button id="round-close" type="danger" block loading={busy} disabled={busy} onClick={onClose}>
          结束投票并计票
        </Button>
      </View>
    </View>
  );
}

/** A tied entry as the tie dialog lists it; `value` is its votes or its score as text. */
export interface TieRow {
  entryId: number;
  title: string;
  unitName: string | null;
  value: string;
}

interface TieProps {
  tie: { entryIds: number[]; seats: number } | null;
  rows: TieRow[];
  busy: boolean;
  onDecide: (entryIds: number[], reason: string) => Promise<boolean>;
}

/** The tie dialog's rows of a monthly result. */
export function monthlyTieRows(result: RoundResult): TieRow[] {
  return result.rows.map((r) => ({ entryId: r.entryId, title: r.title, unitName: r.unitName, value: `${r.votes} 票` }));
}

/** Entries tied at the cut-off (a monthly vote or quarterly scores): the office picks exactly `seats` of them and records why. */
export function DecideTie({ tie, rows: allRows, busy, onDecide }: TieProps) {
  const [selected, setSelected] = useState<number[]>([]);
  const [reason, setReason] = useState('');
  const [warning, setWarning] = useState('');
  if (!tie) return null;
  const rows = tie.entryIds.map((id) => allRows.find((r) => r.entryId === id) ?? { entryId: id, title: `第${id}号`, unitName: null, value: '' });

  const toggle = (id: number) => {
    if (busy) return;
    const next = toggleChoice(selected, id, tie.seats);
    if (next.refused) return setWarning(`只能选 ${tie.seats} 项，请先取消其他选择`);
    setWarning('');
    setSelected(next.selected);
  };
  const decide = async () => {
    if (selected.length !== tie.seats) return setWarning(`请恰好选择 ${tie.seats} 项`);
    if (reason.trim().length < 2) return setWarning('请填写决定理由（至少2个字）');
    setWarning('');
    await onDecide(selected, reason.trim());
  };

  return (
    <View className="section" id="round-tie" data-seats={tie.seats}>
      <View className="section-title warn-text">入选线上并列，须由亮点办决定</View>
      <View className="muted">
        以下 {tie.entryIds.length} 项在入选线上{rows[0]?.value.endsWith('票') ? '票数' : '得分'}相同（各 {rows[0]?.value ?? ''}），还剩 {tie.seats} 个名额：请选出 {tie.seats} 项并写明理由。
      </View>
      <View className={`counter spaced ${selected.length === tie.seats ? 'counter-full' : ''}`} id="tie-count" data-count={selected.length} data-seats={tie.seats}>
        已选 {selected.length} / {tie.seats}
      </View>
      <View className="spaced">
        {rows.map((r) => {
          const checked = selected.includes(r.entryId);
          return (
            <View key={r.entryId} className="check-row" id={`tie-entry-${r.entryId}`} data-checked={checked ? '1' : '0'} onClick={() => toggle(r.entryId)}>
              <Text className={`check-box ${checked ? 'check-box-on' : ''}`}>{checked ? '✓' : ''}</Text>
              <View className="check-body">
                <View>{r.title}</View>
                <View className="row muted">
                  <Text>{r.unitName ?? '未指定单位'}</Text>
                  <Text>{r.value}</Text>
                </View>
              </View>
            </View>
          );
        })}
      </View>
      <View className="field-label">
        决定理由<Text className="required">*</Text>
      </View>
      <Textarea
        {...fieldId('tie-reason')}
        className="field-textarea"
        placeholder="写明为什么选这几项，结果公布时一并记录"
        maxlength={500}
        value={reason}
        onInput={(e) => setReason(e.detail.value)}
      />
      {warning && (
        <View className="error-text spaced" id="tie-warning">
          {warning}
        </View>
      )}
      <View className="spaced">
        <Button id="tie-decide" type="primary" block loading={busy} disabled={busy} onClick={() => void decide()}>
          确认决定
        </Button>
      </View>
    </View>
  );
}

/** The ranked result: votes of every entry, the selected ones marked. */
export function ResultTable({ result }: { result: RoundResult }) {
  const tied = new Set(result.tie?.entryIds ?? []);
  const selectedCount = result.rows.filter((r) => r.selected).length;
  return (
    <View className="section" id="round-result" data-selected={selectedCount}>
      <View className="section-title">计票结果</View>
      <View className="muted">
        {result.round.status === 'tie'
          ? `已确定 ${selectedCount} 项，另有 ${result.tie?.seats ?? 0} 个名额待亮点办在并列事项中决定`
          : `共 ${selectedCount} 项入选月度亮点工作`}
        （{result.round.ballots}/{result.round.members} 人投票）
      </View>
      {result.round.decisionReason && (
        <View className="spaced" id="round-decision-reason">
          <Text className="detail-label">亮点办决定理由</Text>
          <Text>{result.round.decisionReason}</Text>
        </View>
      )}
      <View className="spaced">
        {result.rows.map((r) => (
          <View
            key={r.entryId}
            className={`result-row ${r.selected ? 'result-selected' : ''}`}
            id={`result-row-${r.entryId}`}
            data-selected={r.selected ? '1' : '0'}
            data-votes={r.votes}
            data-rank={r.rank}
            data-tied={tied.has(r.entryId) ? '1' : '0'}
          >
            <Text className="result-rank">{r.rank}</Text>
            <View className="result-body">
              <View>{r.title}</View>
              <View className="row muted">
                <Text>{r.unitName ?? '未指定单位'}</Text>
                {r.selected && <Text className="selected-tag">入选</Text>}
                {tied.has(r.entryId) && <Text className="badge-dup">并列待定</Text>}
              </View>
            </View>
            <Text className="result-votes">{r.votes} 票</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
