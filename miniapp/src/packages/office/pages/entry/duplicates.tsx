import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { DuplicateSuggestion, LedgerEntry } from '@liangdian/shared';
import { ChoiceRow } from '../../../report/components/choice-row';
import { formatMonth } from '../../../report/lib/format';
import { fieldId } from '../../../report/lib/hooks';
import { formatScore } from '../../lib/choices';

export type Keep = 'this' | 'other';

interface Props {
  entry: LedgerEntry;
  busy: boolean;
  /** `keep: 'this'` merges the other entry into this one; `'other'` merges this one into the other. */
  onMerge: (otherId: number, keep: Keep, reason: string) => Promise<boolean>;
  onDistinct: (otherId: number, reason: string) => Promise<boolean>;
}

type Dialog = { kind: 'merge' | 'distinct'; otherId: number } | null;

const REASON_MIN = 2;
const REASON_MAX = 500;

/** Suspected duplicates with their similarity, each merged (合并) or kept apart (不是重复) with a reason. */
export function Duplicates({ entry, busy, onMerge, onDistinct }: Props) {
  const [dialog, setDialog] = useState<Dialog>(null);

  if (entry.duplicates.length === 0) {
    return (
      <View className="section muted" id="entry-dups" data-count={0}>
        未发现疑似重复的事项
      </View>
    );
  }
  return (
    <View className="section" id="entry-dups" data-count={entry.duplicates.length}>
      <View className="section-title warn-text">疑似重复（{entry.duplicates.length}）</View>
      <View className="muted">同一项工作不能重复入选：请核对后合并，或说明不是重复。</View>
      {entry.duplicates.map((d) => {
        const prefix = `entry-dup-${d.entryId}`;
        const open = dialog?.otherId === d.entryId ? dialog.kind : null;
        return (
          <View className="sub-item" key={d.entryId} id={prefix} data-score={d.score}>
            <View>
              {d.title}
              <Text className="muted">（台账第{d.entryId}号）</Text>
            </View>
            <View className="row muted">
              <Text className="badge-dup">相似度 {formatScore(d.score)}</Text>
              <Text>{d.unitName ?? '未指定单位'}</Text>
              <Text>{formatMonth(d.month)}</Text>
              {d.month !== entry.month && <Text className="warn-text">往月事项</Text>}
            </View>
            {!open && (
              <View className="row spaced">
                <Button id={`${prefix}-merge`} size="small" type="primary" disabled={busy} onClick={() => setDialog({ kind: 'merge', otherId: d.entryId })}>
                  合并
                </Button>
                <Button id={`${prefix}-distinct`} size="small" disabled={busy} onClick={() => setDialog({ kind: 'distinct', otherId: d.entryId })}>
                  不是重复
                </Button>
              </View>
            )}
            {open === 'merge' && (
              <MergeDialog
                entry={entry}
                other={d}
                busy={busy}
                onCancel={() => setDialog(null)}
                onConfirm={async (keep, reason) => {
                  if (await onMerge(d.entryId, keep, reason)) setDialog(null);
                }}
              />
            )}
            {open === 'distinct' && (
              <DistinctDialog
                busy={busy}
                onCancel={() => setDialog(null)}
                onConfirm={async (reason) => {
                  if (await onDistinct(d.entryId, reason)) setDialog(null);
                }}
              />
            )}
          </View>
        );
      })}
    </View>
  );
}

function ReasonField({ id, value, onChange, placeholder }: { id: string; value: string; onChange: (v: string) => void; placeholder: string }) {
  return (
    <Textarea
      {...fieldId(id)}
      className="field-textarea"
      placeholder={placeholder}
      maxlength={REASON_MAX}
      value={value}
      onInput={(e) => onChange(e.detail.value)}
    />
  );
}

function MergeDialog({
  entry,
  other,
  busy,
  onConfirm,
  onCancel,
}: {
  entry: LedgerEntry;
  other: DuplicateSuggestion;
  busy: boolean;
  onConfirm: (keep: Keep, reason: string) => void;
  onCancel: () => void;
}) {
  const [keep, setKeep] = useState<Keep | null>(null);
  const [reason, setReason] = useState('');
  const [warning, setWarning] = useState('');
  const options = [
    { value: 'this' as const, label: `保留本事项（第${entry.id}号），把对方并入` },
    { value: 'other' as const, label: `保留对方（第${other.entryId}号），把本事项并入` },
  ];
  const confirm = () => {
    if (!keep) return setWarning('请选择保留哪一项');
    if (reason.trim().length < REASON_MIN) return setWarning('请填写合并理由（至少2个字）');
    setWarning('');
    onConfirm(keep, reason.trim());
  };
  return (
    <View className="dialog" id="merge-dialog">
      <View className="field-label">合并后保留哪一项</View>
      <ChoiceRow id="merge-keep" options={options} value={keep} onChange={setKeep} disabled={busy} />
      <View className="field-hint">被并入的事项从台账中消失，它的来源归入保留的事项。</View>
      <View className="field-label">
        合并理由<Text className="required">*</Text>
      </View>
      <ReasonField id="merge-reason" value={reason} onChange={setReason} placeholder="例如：同一项工作，单位申报与领导推荐" />
      {warning && (
        <View className="error-text spaced" id="merge-warning">
          {warning}
        </View>
      )}
      <View className="row spaced">
        <Button id="merge-confirm" type="primary" loading={busy} disabled={busy} onClick={confirm}>
          确认合并
        </Button>
        <Button id="merge-cancel" disabled={busy} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}

function DistinctDialog({ busy, onConfirm, onCancel }: { busy: boolean; onConfirm: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [warning, setWarning] = useState('');
  const confirm = () => {
    if (reason.trim().length < REASON_MIN) return setWarning('请填写理由（至少2个字）');
    setWarning('');
    onConfirm(reason.trim());
  };
  return (
    <View className="dialog" id="distinct-dialog">
      <View className="field-label">
        不是重复的理由<Text className="required">*</Text>
      </View>
      <ReasonField id="distinct-reason" value={reason} onChange={setReason} placeholder="例如：两个单位各自开展的不同工作" />
      {warning && (
        <View className="error-text spaced" id="distinct-warning">
          {warning}
        </View>
      )}
      <View className="row spaced">
        <Button id="distinct-confirm" type="primary" loading={busy} disabled={busy} onClick={confirm}>
          确认不是重复
        </Button>
        <Button id="distinct-cancel" disabled={busy} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}
