import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { PublicCandidate, RecountResult } from '@liangdian/shared';
import { errorText } from '../../../../api/client';
import { recountPublicVote } from '../../../../api/public-votes';

/** 重新计票: the totals counted again from every stored ballot; says how many running counts were off. */
export function Recount({ voteId, candidates, onDone }: { voteId: string; candidates: readonly PublicCandidate[]; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ result: RecountResult } | { error: string } | null>(null);

  const run = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ result: await recountPublicVote(voteId) });
      onDone();
    } catch (error) {
      setOutcome({ error: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="section" id="recount-section">
      <View className="section-title">重新计票</View>
      <View className="muted">按全部选票记录（不含已剔除的选票）重新统计，核对并更正实时计数。</View>
      <View className="spaced">
        <Button id="recount" block loading={busy} disabled={busy} onClick={() => void run()}>
          重新计票
        </Button>
      </View>
      {outcome && 'result' in outcome && (
        <View className={`spaced ${outcome.result.corrected ? 'warn-text' : 'ok-text'}`} id="recount-message" data-corrected={outcome.result.corrected}>
          {outcome.result.corrected
            ? `重新计票完成：更正 ${outcome.result.corrected} 处计数`
            : '重新计票完成：实时计数与选票记录一致，无需更正'}
          {outcome.result.totals
            .filter((t) => t.votes !== t.counter)
            .map((t) => (
              <View className="muted" key={t.candidateId} id={`recount-diff-${t.candidateId}`}>
                {candidates.find((c) => c.id === t.candidateId)?.title ?? `候选 ${t.candidateId}`}：实时计数 {t.counter}，选票记录 {t.votes}
              </View>
            ))}
        </View>
      )}
      {outcome && 'error' in outcome && (
        <View className="spaced error-text" id="recount-message" data-state="error">
          {outcome.error}
        </View>
      )}
    </View>
  );
}
