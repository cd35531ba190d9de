import { Text, View } from '@tarojs/components';
import type { PublicCandidate, PublicResults } from '@liangdian/shared';
import { formatDateTime } from '../../report/lib/format';
import { rankedResults } from '../lib/ballot';

/** A bar's width in percent of the leader's votes (a sliver stays visible for a non-zero count). */
function width(votes: number, max: number): number {
  if (!(max > 0) || !(votes > 0)) return 0;
  return Math.max(1, Math.min(100, Math.round((votes / max) * 1000) / 10));
}

interface Props {
  /** `<prefix>-results` on the section, `<prefix>-result-<candidateId>` on each row. */
  prefix: string;
  candidates: readonly PublicCandidate[];
  results: PublicResults;
  /** A line under the title (e.g. the live-refresh note). */
  note?: string;
}

/** The totals as bars, most votes first, with when they were counted and what the office excluded. */
export function ResultsBars({ prefix, candidates, results, note }: Props) {
  const rows = rankedResults(candidates, results.totals);
  const max = rows.length ? rows[0].votes : 0;
  const total = rows.reduce((n, r) => n + r.votes, 0);
  return (
    <View className="section" id={`${prefix}-results`} data-total={total} data-excluded={results.excluded} data-flagged={results.flagged}>
      <View className="section-title">投票结果</View>
      <View className="row muted">
        <Text>共 {total} 票</Text>
        <Text>统计于 {formatDateTime(results.updatedAt)}</Text>
        {results.excluded > 0 && <Text id={`${prefix}-results-excluded`}>经审核剔除 {results.excluded} 票</Text>}
      </View>
      {note && <View className="muted">{note}</View>}
      <View className="spaced">
        {rows.map((r) => (
          <View className="vote-bar-row" key={r.candidateId} id={`${prefix}-result-${r.candidateId}`} data-votes={r.votes} data-rank={r.rank}>
            <View className="vote-bar-head">
              <Text className="vote-bar-rank">{r.votes > 0 ? r.rank : '—'}</Text>
              <View className="vote-bar-title">
                <View>{r.title}</View>
                <View className="muted">{r.unitName}</View>
              </View>
              <Text className="vote-bar-value">{r.votes} 票</Text>
            </View>
            <View className="vote-bar-track">
              <View className="vote-bar-fill" style={{ width: `${width(r.votes, max)}%` }} />
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}
