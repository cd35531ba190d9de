import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  CATEGORY_LABELS,
  CONTENT_CHECK_LABELS,
  REPORT_STATUS_LABELS,
  type Evidence,
  type Report,
} from '@liangdian/shared';
import { errorText, openEvidenceDocument } from '../../../api/client';
import { KIND_LABELS, formatBytes, formatDateTime, formatMonth } from '../lib/format';
import { DetailField } from './detail-field';
import { previewPhoto } from '../lib/preview-photo';
import { EvidenceImage } from './evidence-image';
import { PhotoFacts } from './photo-facts';

/** One item in full for the people who decide on it (unit head, office) and for a read-only author view. */
export function ReportDetail({ report }: { report: Report }) {
  const photos = report.evidence.filter((e) => e.kind === 'photo');
  const documents = report.evidence.filter((e) => e.kind === 'document');
  const links = report.evidence.filter((e) => e.kind === 'link');
  const mismatches = photos.filter((e) => e.mismatch).length;
  const duplicates = photos.filter((e) => e.duplicates.length > 0).length;
  const isRecommendation = report.kind === 'recommendation';

  return (
    <View className="report-detail" id="report-detail" data-id={report.id} data-status={report.status}>
      <View className="section">
        <View className="detail-title" id="detail-title">
          {report.title || '（未填写名称）'}
        </View>
        <View className="row muted spaced">
          <Text className="tag">{KIND_LABELS[report.kind]}</Text>
          <Text className={`tag status-${report.status}`} id="detail-status">
            {REPORT_STATUS_LABELS[report.status]}
          </Text>
          <Text>{formatMonth(report.month)}</Text>
        </View>
        <DetailField label={isRecommendation ? '被推荐单位' : '申报单位'} value={report.unit?.name ?? '—'} />
        <DetailField label={isRecommendation ? '推荐人' : '填报人'} value={report.author.name} />
        <DetailField label="类别" value={report.category ? CATEGORY_LABELS[report.category] : '—'} />
        {report.submittedAt && <DetailField label="提交时间" value={formatDateTime(report.submittedAt)} />}
        {report.signedOffAt && <DetailField label="签发时间" value={formatDateTime(report.signedOffAt)} />}
        {report.receivedAt && <DetailField label="接收时间" value={formatDateTime(report.receivedAt)} />}
        {report.returnReason && (
          <View className="spaced error-text" id="detail-return-reason">
            退回原因：{report.returnReason}
          </View>
        )}
      </View>

      <View className="section">
        <View className="section-title">亮点简介</View>
        <View className="body-text" id="detail-summary">
          {report.summary || '—'}
        </View>
        {report.leaderPraise && (
          <>
            <View className="section-title spaced">领导批示</View>
            <View className="body-text">{report.leaderPraise}</View>
          </>
        )}
        {report.reason && (
          <>
            <View className="section-title spaced">{isRecommendation ? '推荐理由' : '申报理由'}</View>
            <View className="body-text" id="detail-reason">
              {report.reason}
            </View>
          </>
        )}
      </View>

      <View className="section" id="detail-checks">
        <View className="section-title">核验提示</View>
        <View
          className={report.contentCheck === 'pass' ? 'ok-text' : 'warn-text'}
          id="detail-content-check"
          data-check={report.contentCheck ?? ''}
        >
          {report.contentCheck ? CONTENT_CHECK_LABELS[report.contentCheck] : '尚未进行内容安全检测'}
        </View>
        <View className={mismatches ? 'warn-text' : 'muted'} id="detail-mismatch-count" data-count={mismatches}>
          {mismatches ? `${mismatches} 张照片的现场记录与照片信息不一致` : '照片的现场记录与照片信息未见不一致'}
        </View>
        <View className={duplicates ? 'warn-text' : 'muted'} id="detail-duplicate-count" data-count={duplicates}>
          {duplicates ? `${duplicates} 张照片与其他事项的照片相同` : '未发现与其他事项重复的照片'}
        </View>
      </View>

      <View className="section">
        <View className="section-title">现场照片（{photos.length}）</View>
        {photos.length === 0 && <View className="muted">没有照片</View>}
        {photos.map((e) => (
          <PhotoEvidence key={e.id} evidence={e} />
        ))}
      </View>

      {(documents.length > 0 || links.length > 0) && (
        <View className="section">
          <View className="section-title">其他证明材料</View>
          {documents.map((e) => (
            <DocumentEvidence key={e.id} evidence={e} />
          ))}
          {links.map((e) => (
            <LinkEvidence key={e.id} evidence={e} />
          ))}
        </View>
      )}
    </View>
  );
}

function PhotoEvidence({ evidence: e }: { evidence: Evidence }) {
  const prefix = `detail-evidence-${e.id}`;
  return (
    <View className="evidence-detail" id={prefix} data-mismatch={e.mismatch ? '1' : '0'} data-duplicate={e.duplicates.length ? '1' : '0'}>
      <EvidenceImage url={e.thumbUrl} className="evidence-detail-thumb" onTap={() => void previewPhoto(e)} />
      <View className="evidence-detail-info">
        <PhotoFacts prefix={prefix} photo={e} />
        {e.duplicates.map((d) => (
          <View className="warn-text" key={d.evidenceId} id={`${prefix}-duplicate-${d.evidenceId}`}>
            ⚠ 与「{d.reportTitle || '未命名事项'}」（编号{d.reportId}）的照片相同
          </View>
        ))}
      </View>
    </View>
  );
}

function DocumentEvidence({ evidence: e }: { evidence: Evidence }) {
  const [message, setMessage] = useState('');
  const open = async () => {
    if (!e.url) return;
    setMessage('正在打开…');
    try {
      await openEvidenceDocument(e.url, e.name);
      setMessage('');
    } catch (error) {
      setMessage(errorText(error));
    }
  };
  return (
    <View className="evidence-line" id={`detail-evidence-${e.id}`}>
      <Text className="link-text" onClick={() => void open()}>
        [文件] {e.name}
      </Text>
      <Text className="muted"> {formatBytes(e.bytes)}</Text>
      {message && <View className="muted">{message}</View>}
    </View>
  );
}

function LinkEvidence({ evidence: e }: { evidence: Evidence }) {
  const copy = () => {
    if (e.url) void Taro.setClipboardData({ data: e.url });
  };
  return (
    <View className="evidence-line" id={`detail-evidence-${e.id}`}>
      <View>[链接] {e.name}</View>
      {process.env.TARO_ENV === 'h5' ? (
        <a className="link-text" href={e.url ?? '#'} target="_blank" rel="noopener noreferrer">
          {e.url}
        </a>
      ) : (
        <Text className="link-text" onClick={copy}>
          {e.url}（点击复制）
        </Text>
      )}
    </View>
  );
}
