import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CATEGORY_LABELS, type Round } from '@liangdian/shared';
import { castBallot, errorText } from '../../../../api/client';
import type { Notice } from '../../lib/hooks';
import { sameChoice, toggleChoice } from '../../lib/choices';

interface Props {
  round: Round;
  /** Past `endsAt`: the server refuses ballots even before the office closes the round. */
  expired: boolean;
  onSaved: (round: Round) => void;
}

/** A voter's ballot (the leading group monthly, the review committee annually): up to `selectCount` entries, changeable until the round closes. */
export function Ballot({ round, expired, onSaved }: Props) {
  const [selected, setSelected] = useState<number[]>(() => round.myBallot ?? []);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const max = round.selectCount;
  const closed = round.status !== 'open' || expired;
  const saved = round.myBallot && round.myBallot.length > 0;
  const unchanged = sameChoice(round.myBallot, selected);

  // Another device may have changed the ballot: follow the server when nothing is being edited here.
  const savedKey = (round.myBallot ?? []).join(',');
  useEffect(() => {
    setSelected(savedKey ? savedKey.split(',').map(Number) : []);
  }, [savedKey]);

  const toggle = (id: number) => {
    if (closed || busy) return;
    const next = toggleChoice(selected, id, max);
    if (next.refused) {
      setNotice({ state: 'error', text: `最多选择 ${max} 项，请先取消其他选择` });
      return;
    }
    setNotice(null);
    setSelected(next.selected);
  };

  const submit = async () => {
    if (selected.length === 0) {
      setNotice({ state: 'error', text: '请至少选择一项' });
      return;
    }
    setBusy(true);
    setNotice(null);
    try {
      const answer = await castBallot(round.id, selected);
      onSaved(answer);
      setNotice({ state: 'ok', text: `投票已提交（选了 ${selected.length} 项），投票结束前可以修改` });
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const full = selected.length >= max;
  return (
    <View className="section" id="ballot" data-state={saved ? (unchanged ? 'saved' : 'changed') : 'none'}>
      <View className="section-title">我的投票</View>
      <View className="muted">
        {closed
          ? round.status === 'open'
            ? '投票已截止，等待亮点办结束投票。'
            : '投票已结束。'
          : round.kind === 'annualVote'
            ? `从季度十大亮点工作中选出不超过 ${max} 项年度亮点工作；提交后在投票结束前可以修改。`
            : `从目录中选出不超过 ${max} 项月度亮点工作；提交后在投票结束前可以修改。`}
      </View>
      <View className={`counter spaced ${full ? 'counter-full' : ''}`} id="ballot-count" data-count={selected.length} data-max={max}>
        已选 {selected.length} / {max}
      </View>
      <View className="spaced" id="ballot-entries">
        {round.entries.map((e) => {
          const checked = selected.includes(e.id);
          return (
            <View
              key={e.id}
              className={`check-row ${closed ? 'check-disabled' : ''}`}
              id={`ballot-entry-${e.id}`}
              data-checked={checked ? '1' : '0'}
              onClick={() => toggle(e.id)}
            >
              <Text className={`check-box ${checked ? 'check-box-on' : ''}`}>{checked ? '✓' : ''}</Text>
              <View className="check-body">
                <View>{e.title}</View>
                <View className="row muted">
                  <Text>{e.unit?.name ?? '未指定单位'}</Text>
                  {e.category && <Text>{CATEGORY_LABELS[e.category]}</Text>}
                </View>
                {e.summary && <View className="muted clamp-3">{e.summary}</View>}
              </View>
            </View>
          );
        })}
      </View>
      {notice && (
        <View className={`spaced ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id="ballot-message" data-state={notice.state}>
          {notice.text}
        </View>
      )}
      {!closed && (
        <View className="actions">
          <Button id="ballot-submit" type="primary" block loading={busy} disabled={busy} onClick={() => void submit()}>
            {saved ? (unchanged ? '重新提交投票' : '提交修改') : '提交投票'}
          </Button>
          {saved && (
            <View className="muted spaced" id="ballot-saved">
              {unchanged ? '已投票，投票结束前可以修改' : '选择已改动，提交后生效'}
            </View>
          )}
        </View>
      )}
    </View>
  );
}
