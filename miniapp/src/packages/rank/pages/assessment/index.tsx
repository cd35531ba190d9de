import { useCallback, useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ASSESSMENT_LEVELS, ASSESSMENT_LEVEL_LABELS, type AssessmentLevel } from '@liangdian/shared';
import { errorText, getAssessment, isApiError, type YearAssessment } from '../../../../api/client';
import { exportAssessment } from '../../../../api/publication';
import { LoadState } from '../../../../components/page-state';
import { ExportButton } from '../../../publish/components/export-button';
import { barWidth } from '../../components/bars';
import { ExplanationSteps } from '../../components/explanation-steps';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/rank.scss';

const SHORT_LABELS: Record<AssessmentLevel, string> = { annual: '年度', quarterly: '季度', monthly: '月度' };

/** The county's current year (UTC+8). */
function currentYear(): number {
  return new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear();
}

function readYear(param: unknown): number {
  const n = Number(param);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : currentYear();
}

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; data: YearAssessment };

/**
 * The units' quantitative assessment of a year (`?year=`): each unit's annual, quarterly and monthly
 * points as one bar in three parts, ranked; tap a unit for count ÷ max × weight at each level.
 */
export default function AssessmentPage() {
  const { params } = useRouter();
  const [year, setYear] = useState(() => readYear(params.year));
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [open, setOpen] = useState<number | null>(null);

  const fetchAll = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      setLoad({ status: 'ready', data: await getAssessment(String(year)) });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [year]);

  useEffect(() => {
    void fetchAll();
  }, [fetchAll]);

  const go = (y: number) => {
    setOpen(null);
    setYear(y);
  };

  const nav = (
    <View className="row spaced" id="assessment-year" data-year={year}>
      <Text className="link-text" id="assessment-prev" onClick={() => go(year - 1)}>
        ‹ {year - 1}年
      </Text>
      <Text className="section-title">{year}年</Text>
      {year < currentYear() && (
        <Text className="link-text" id="assessment-next" onClick={() => go(year + 1)}>
          {year + 1}年 ›
        </Text>
      )}
    </View>
  );

  if (load.status !== 'ready') {
    return (
      <View className="page" id="assessment-page" data-year={year}>
        <View className="section">{nav}</View>
        <LoadState load={load} loadingId="assessment-loading" errorId="assessment-error" onRetry={() => void fetchAll()} />
      </View>
    );
  }

  const { data } = load;
  const outOf = ASSESSMENT_LEVELS.reduce((s, l) => s + data.weights[l], 0);
  const unitName = new Map(data.units.map((u) => [u.id, u.name]));
  return (
    <View className="page" id="assessment-page" data-year={year}>
      <View className="section">
        {nav}
        <View className="spaced">
          <ExportButton id="assessment-export" label="导出Excel" run={() => exportAssessment(year)} />
        </View>
        <View className="muted spaced">
          {ASSESSMENT_LEVELS.map((l) => `${ASSESSMENT_LEVEL_LABELS[l]}占 ${data.weights[l]} 分`).join('，')}；每级按该级项数最多的单位折算（本单位项数 ÷ 最多项数 × 分值）。点击单位查看计算过程。
        </View>
        <View className="row spaced legend">
          {ASSESSMENT_LEVELS.map((l) => (
            <View className="row" key={l}>
              <Text className={`legend-swatch level-${l}`} />
              <Text>
                {SHORT_LABELS[l]}（最多 {data.maxima[l]} 项）
              </Text>
            </View>
          ))}
        </View>
      </View>
      <View className="section" id="assessment-list" data-total={data.rows.length}>
        {data.rows.length === 0 && (
          <View className="muted" id="assessment-empty">
            还没有单位
          </View>
        )}
        {data.rows.map((r) => (
          <View
            key={r.unitId}
            className={`bar-row ${r.rank <= 3 && Number(r.score.display) > 0 ? 'bar-selected' : ''}`}
            id={`assessment-row-${r.unitId}`}
            data-rank={r.rank}
            data-score={r.score.display}
            onClick={() => setOpen(open === r.unitId ? null : r.unitId)}
          >
            <View className="bar-head">
              <Text className="bar-rank">{r.rank}</Text>
              <View className="bar-title">
                <View>{unitName.get(r.unitId) ?? `单位${r.unitId}`}</View>
                <View className="row muted">
                  {r.levels.map((l) => (
                    <Text key={l.level}>
                      {SHORT_LABELS[l.level]} {l.count} 项
                    </Text>
                  ))}
                </View>
              </View>
              <Text className="bar-value">{r.score.display} 分</Text>
            </View>
            <View className="bar-track bar-track-split">
              {r.levels.map((l) => (
                <View
                  key={l.level}
                  className={`bar-part level-${l.level}`}
                  id={`assessment-part-${r.unitId}-${l.level}`}
                  data-points={l.points.display}
                  style={{ width: `${barWidth(Number(l.points.display), outOf)}%` }}
                />
              ))}
            </View>
            {open === r.unitId && (
              <View className="explain" id={`assessment-explain-${r.unitId}`}>
                <View className="level-table">
                  {r.levels.map((l) => (
                    <View className="level-line" key={l.level} id={`assessment-level-${r.unitId}-${l.level}`} data-count={l.count} data-max={l.max} data-points={l.points.display}>
                      {ASSESSMENT_LEVEL_LABELS[l.level]}：{l.count} 项 ÷ 最多 {l.max} 项 × {l.weight} = {l.points.display} 分
                    </View>
                  ))}
                  <View className="level-line">合计 {r.score.display} 分</View>
                </View>
                <ExplanationSteps steps={r.explanation} />
              </View>
            )}
          </View>
        ))}
      </View>
      <View className="section muted" id="assessment-explanation">
        {data.explanation.map((step, i) => (
          <View className="explain-step" key={i}>
            {step.text}
          </View>
        ))}
      </View>
    </View>
  );
}
