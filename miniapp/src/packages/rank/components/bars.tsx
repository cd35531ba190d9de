import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { DEFAULT_ANNUAL_SETTINGS, DEFAULT_QUARTERLY_SETTINGS, type AnnualResult, type QuarterlyResult, type RoundResult } from '@liangdian/shared';
import { ExplanationSteps } from './explanation-steps';

/** A bar's width in percent, 0–100 (a small sliver stays visible for a non-zero value). */
export function barWidth(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.max(1, Math.min(100, Math.round((value / max) * 1000) / 10));
}

const OUT_OF = DEFAULT_QUARTERLY_SETTINGS.rubric.criteria.reduce((s, c) => s + c.weight, 0);

const QUARTER_STATUS: Record<string, string> = {
  selected: '入选',
  notSelected: '未入选',
  out: '未入选',
  tie: '并列待定',
  tied: '并列待定',
  unscored: '未评分',
};

const isTied = (status: string) => status === 'tie' || status === 'tied';

/** Quarterly: the trimmed mean as a bar out of the rubric's total; tap a row for its explanation. */
export function QuarterlyBars({ result }: { result: QuarterlyResult }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <View className="section" id="ranking-bars" data-kind="quarterlyScore">
      <View className="section-title">得分排名</View>
      <View className="muted">每项得分为评分人加权总分的平均值；5 人及以上评分时去掉一个最高分和一个最低分。点击事项查看计算过程。</View>
      <View className="spaced">
        {result.rows.map((r) => {
          const score = r.score ? Number(r.score.display) : 0;
          const selected = r.status === 'selected';
          return (
            <View
              key={r.entryId}
              className={`bar-row ${selected ? 'bar-selected' : ''} ${isTied(r.status) ? 'bar-tied' : ''}`}
              id={`ranking-row-${r.entryId}`}
              data-rank={r.rank ?? ''}
              data-score={r.score?.display ?? ''}
              data-status={r.status}
              onClick={() => setOpen(open === r.entryId ? null : r.entryId)}
            >
              <View className="bar-head">
                <Text className="bar-rank">{r.rank ?? '—'}</Text>
                <View className="bar-title">
                  <View>{r.title}</View>
                  <View className="row muted">
                    <Text>{r.unitName ?? '未指定单位'}</Text>
                    <Text className={selected ? 'selected-tag' : isTied(r.status) ? 'badge-dup' : ''}>{QUARTER_STATUS[r.status] ?? r.status}</Text>
                    <Text>{r.sheets.length} 份评分</Text>
                  </View>
                </View>
                <Text className="bar-value">{r.score ? `${r.score.display} 分` : '—'}</Text>
              </View>
              <View className="bar-track">
                <View className="bar-fill" style={{ width: `${barWidth(score, OUT_OF)}%` }} />
              </View>
              {open === r.entryId && (
                <View className="explain" id={`ranking-explain-${r.entryId}`}>
                  {r.sheets.length > 0 && (
                    <View className="row" id={`ranking-sheets-${r.entryId}`}>
                      <Text className="muted">各评分人总分：</Text>
                      {r.sheets.map((s, i) => (
                        <Text
                          key={s.assessorId}
                          className={`sheet-chip ${s.dropped ? 'sheet-dropped' : ''}`}
                          id={`ranking-sheet-${r.entryId}-${i}`}
                          data-dropped={s.dropped ?? ''}
                        >
                          {s.total.display}
                          {s.dropped === 'highest' ? '（去掉最高分）' : s.dropped === 'lowest' ? '（去掉最低分）' : ''}
                        </Text>
                      ))}
                    </View>
                  )}
                  <ExplanationSteps steps={r.explanation} />
                </View>
              )}
            </View>
          );
        })}
      </View>
    </View>
  );
}

/** Monthly: votes as bars against the most-voted entry. */
export function MonthlyBars({ result }: { result: RoundResult }) {
  const max = result.rows.reduce((m, r) => Math.max(m, r.votes), 0);
  const tied = new Set(result.tie?.entryIds ?? []);
  return (
    <View className="section" id="ranking-bars" data-kind="monthlyVote">
      <View className="section-title">得票排名</View>
      <View className="muted">
        {result.round.ballots}/{result.round.members} 人投票，评选 {result.round.selectCount} 项
      </View>
      <View className="spaced">
        {result.rows.map((r) => (
          <View
            key={r.entryId}
            className={`bar-row ${r.selected ? 'bar-selected' : ''} ${tied.has(r.entryId) ? 'bar-tied' : ''}`}
            id={`ranking-row-${r.entryId}`}
            data-rank={r.rank}
            data-score={r.votes}
            data-votes={r.votes}
          >
            <View className="bar-head">
              <Text className="bar-rank">{r.rank}</Text>
              <View className="bar-title">
                <View>{r.title}</View>
                <View className="row muted">
                  <Text>{r.unitName ?? '未指定单位'}</Text>
                  {r.selected && <Text className="selected-tag">入选</Text>}
                  {tied.has(r.entryId) && <Text className="badge-dup">并列待定</Text>}
                </View>
              </View>
              <Text className="bar-value">{r.votes} 票</Text>
            </View>
            <View className="bar-track">
              <View className="bar-fill" style={{ width: `${barWidth(r.votes, max)}%` }} />
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}

const ANNUAL_OUT_OF = DEFAULT_ANNUAL_SETTINGS.committeeWeight + DEFAULT_ANNUAL_SETTINGS.publicWeight;

/**
 * Annual: each candidate's score as one bar in two parts, the committee's points and the public's
 * points (60 / 40); tap a row for its explanation.
 */
export function AnnualBars({ result }: { result: AnnualResult }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <View className="section" id="ranking-bars" data-kind="annualVote">
      <View className="section-title">综合得分排名</View>
      <View className="muted">
        评审委员会投票占 {DEFAULT_ANNUAL_SETTINGS.committeeWeight} 分，群众网络投票占 {DEFAULT_ANNUAL_SETTINGS.publicWeight} 分；委员会 {result.round.ballots}/
        {result.round.members} 人投票。点击事项查看计算过程。
      </View>
      <View className="row spaced legend">
        <Text className="legend-swatch legend-committee" />
        <Text>委员会得分</Text>
        <Text className="legend-swatch legend-public" />
        <Text>网络投票得分</Text>
      </View>
      <View className="spaced">
        {result.rows.map((r) => {
          const selected = r.status === 'selected';
          const tied = isTied(r.status);
          return (
            <View
              key={r.entryId}
              className={`bar-row ${selected ? 'bar-selected' : ''} ${tied ? 'bar-tied' : ''}`}
              id={`ranking-row-${r.entryId}`}
              data-rank={r.rank}
              data-score={r.score.display}
              data-committee={r.committee}
              data-public={r.public}
              data-status={r.status}
              onClick={() => setOpen(open === r.entryId ? null : r.entryId)}
            >
              <View className="bar-head">
                <Text className="bar-rank">{r.rank}</Text>
                <View className="bar-title">
                  <View>{r.title}</View>
                  <View className="row muted">
                    <Text>{r.unitName ?? '未指定单位'}</Text>
                    <Text className={selected ? 'selected-tag' : tied ? 'badge-dup' : ''}>{QUARTER_STATUS[r.status] ?? r.status}</Text>
                    <Text>
                      委员会 {r.committee} 票 · 网络 {r.public} 票
                    </Text>
                  </View>
                </View>
                <Text className="bar-value">{r.score.display} 分</Text>
              </View>
              <View className="bar-track bar-track-split">
                <View
                  className="bar-part bar-part-committee"
                  id={`ranking-committee-${r.entryId}`}
                  data-points={r.committeePoints.display}
                  style={{ width: `${barWidth(Number(r.committeePoints.display), ANNUAL_OUT_OF)}%` }}
                />
                <View
                  className="bar-part bar-part-public"
                  id={`ranking-public-${r.entryId}`}
                  data-points={r.publicPoints.display}
                  style={{ width: `${barWidth(Number(r.publicPoints.display), ANNUAL_OUT_OF)}%` }}
                />
              </View>
              <View className="row muted bar-parts-text">
                <Text>委员会 {r.committeePoints.display} 分</Text>
                <Text>网络 {r.publicPoints.display} 分</Text>
              </View>
              {open === r.entryId && (
                <View className="explain" id={`ranking-explain-${r.entryId}`}>
                  <ExplanationSteps steps={r.explanation} />
                </View>
              )}
            </View>
          );
        })}
      </View>
    </View>
  );
}
