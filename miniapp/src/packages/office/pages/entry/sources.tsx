import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { LEDGER_LINK_LABELS, type LedgerEntry, type Report } from '@liangdian/shared';
import { errorText, getReport } from '../../../../api/client';
import { ReportDetail } from '../../../report/components/report-detail';
import { KIND_LABELS, formatMonth } from '../../../report/lib/format';
import { formatScore } from '../../lib/choices';

type Open = { reportId: number; report: Report | null; error: string } | null;

/** Where the entry came from: each unit report or recommendation, how it was linked and why. */
export function Sources({ entry }: { entry: LedgerEntry }) {
  const [open, setOpen] = useState<Open>(null);

  const toggle = async (reportId: number) => {
    if (open?.reportId === reportId) {
      setOpen(null);
      return;
    }
    setOpen({ reportId, report: null, error: '' });
    try {
      const report = await getReport(reportId);
      setOpen((current) => (current?.reportId === reportId ? { reportId, report, error: '' } : current));
    } catch (error) {
      setOpen((current) => (current?.reportId === reportId ? { reportId, report: null, error: errorText(error) } : current));
    }
  };

  return (
    <View className="section" id="entry-sources" data-count={entry.sources.length}>
      <View className="section-title">来源（{entry.sources.length}）</View>
      {entry.sources.map((s) => {
        const prefix = `entry-source-${s.reportId}`;
        const isOpen = open?.reportId === s.reportId;
        return (
          <View className="sub-item" key={s.reportId} id={prefix} data-link={s.link} data-kind={s.kind}>
            <View>{s.title || '（未命名）'}</View>
            <View className="row muted">
              <Text className="tag">{KIND_LABELS[s.kind]}</Text>
              <Text className={s.link === 'new' ? 'tag' : 'badge-dup'}>{LEDGER_LINK_LABELS[s.link]}</Text>
              <Text>{s.unitName ?? '未指定单位'}</Text>
              <Text>{s.authorName}</Text>
              <Text>{formatMonth(s.month)}</Text>
              {s.score !== null && <Text>相似度 {formatScore(s.score)}</Text>}
            </View>
            {s.reason && (
              <View className={s.link === 'repeat' ? 'warn-text' : 'muted'} id={`${prefix}-reason`}>
                {s.link === 'repeat' ? '未作为新事项：' : '合并理由：'}
                {s.reason}
              </View>
            )}
            <Text className="link-text" id={`${prefix}-open`} onClick={() => void toggle(s.reportId)}>
              {isOpen ? '收起材料' : '查看申报材料 ›'}
            </Text>
            {isOpen && (
              <View className="spaced">
                {open.error && <View className="error-text">{open.error}</View>}
                {!open.error && !open.report && <View className="muted">加载中…</View>}
                {open.report && <ReportDetail report={open.report} />}
              </View>
            )}
          </View>
        );
      })}
    </View>
  );
}
