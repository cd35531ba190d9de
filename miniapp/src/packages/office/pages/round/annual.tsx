import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { AnnualResult, Round } from '@liangdian/shared';
import { errorText, savePublicCounts } from '../../../../api/client';
import { fieldId } from '../../../report/lib/hooks';
import type { Notice } from '../../lib/hooks';

/**
 * The office enters the public online vote counts of an open annual round, one per candidate. The
 * server keeps each count until it is saved again; an empty field leaves that candidate's count as it is.
 */
export function PublicCounts({ round, expired }: { round: Round; expired: boolean }) {
  const [values, setValues] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const save = async () => {
    const counts: Array<{ entryId: number; count: number }> = [];
    for (const e of round.entries) {
      const raw = (values[e.id] ?? '').trim();
      if (raw === '') continue;
      const count = Number(raw);
      if (!Number.isInteger(count) || count < 0 || count > 100_000_000) {
        setNotice({ state: 'error', text: `「${e.title}」的票数应为不小于 0 的整数` });
        return;
      }
      counts.push({ entryId: e.id, count });
    }
    if (counts.length === 0) {
      setNotice({ state: 'error', text: '请至少填写一项的网络投票数' });
      return;
    }
    setBusy(true);
    setNotice(null);
    try {
      await savePublicCounts(round.id, counts);
      setNotice({ state: 'ok', text: `已保存 ${counts.length} 项的网络投票数` });
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="section" id="public-counts">
      <View className="section-title">群众网络投票数</View>
      <View className="muted">
        填写各候选事项的网络投票数（占 40%，委员会投票占 60%）。留空的事项保持已保存的票数。{expired ? '已过截止时间，请尽快保存并结束评选。' : ''}
      </View>
      <View className="spaced">
        {round.entries.map((e, i) => (
          <View className="sub-item" key={e.id} id={`public-count-row-${e.id}`}>
            <View>
              {i + 1}. {e.title}
              <Text className="muted">（{e.unit?.name ?? '未指定单位'}）</Text>
            </View>
            <Input
              {...fieldId(`public-count-${e.id}`)}
              className="field-input"
              type="number"
              placeholder="网络投票数"
              value={values[e.id] ?? ''}
              onInput={(ev) => setValues((current) => ({ ...current, [e.id]: ev.detail.value }))}
            />
          </View>
        ))}
      </View>
      {notice && (
        <View className={`spaced ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id="public-counts-message" data-state={notice.state}>
          {notice.text}
        </View>
      )}
      <View className="spaced">
        <Button id="public-counts-save" type="primary" block loading={busy} disabled={busy} onClick={() => void save()}>
          保存网络投票数
        </Button>
      </View>
    </View>
  );
}

const STATUS_TEXT: Record<string, string> = { selected: '入选', tie: '并列待定', tied: '并列待定' };

/** The annual result: committee votes, public votes and the combined score of every candidate. */
export function AnnualResultTable({ result }: { result: AnnualResult }) {
  const selectedCount = result.rows.filter((r) => r.status === 'selected').length;
  return (
    <View className="section" id="round-result" data-selected={selectedCount}>
      <View className="section-title">评选结果</View>
      <View className="muted">
        {result.round.status === 'tie'
          ? `已确定 ${selectedCount} 项，另有 ${result.tie?.seats ?? 0} 个名额待亮点办在并列事项中决定`
          : `共 ${selectedCount} 项入选年度十大亮点工作`}
        （委员会 {result.round.ballots}/{result.round.members} 人投票）
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
            className={`result-row ${r.status === 'selected' ? 'result-selected' : ''}`}
            id={`result-row-${r.entryId}`}
            data-selected={r.status === 'selected' ? '1' : '0'}
            data-rank={r.rank}
            data-score={r.score.display}
            data-status={r.status}
          >
            <Text className="result-rank">{r.rank}</Text>
            <View className="result-body">
              <View>{r.title}</View>
              <View className="row muted">
                <Text>{r.unitName ?? '未指定单位'}</Text>
                <Text>委员会 {r.committee} 票</Text>
                <Text>网络 {r.public} 票</Text>
                {STATUS_TEXT[r.status] && <Text className={r.status === 'selected' ? 'selected-tag' : 'badge-dup'}>{STATUS_TEXT[r.status]}</Text>}
              </View>
            </View>
            <Text className="result-votes">{r.score.display} 分</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
