import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Picker, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Evidence, InspectionRequest, LedgerEntry } from '@liangdian/shared';
import { errorText, listInspectors, type Inspector } from '../../../../api/client';
import { ChoiceRow } from '../../../report/components/choice-row';
import { DetailField } from '../../../report/components/detail-field';
import { formatDateTime, formatPlace } from '../../../report/lib/format';
import { fieldId } from '../../../report/lib/hooks';
import { DateTimeField } from '../../components/date-time-field';
import { InspectionPhotos, type PhotoCounts } from './photos';
import { shanghaiInstant, shanghaiLocal, toShanghaiIso, type LocalDateTime } from '../../lib/time';

/** Whether an inspector can still be (re)assigned: before any verdict. */
export function canAssign(entry: LedgerEntry): boolean {
  return !entry.inspection && (entry.status === 'open' || entry.status === 'inspecting');
}

interface AssignProps {
  entry: LedgerEntry;
  busy: boolean;
  onAssign: (inspectorId: number) => Promise<boolean>;
}

/** 指派核查人: an office member who can inspect. */
export function AssignInspector({ entry, busy, onAssign }: AssignProps) {
  const [inspectors, setInspectors] = useState<Inspector[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [chosen, setChosen] = useState<number | null>(entry.inspector?.id ?? null);
  const [warning, setWarning] = useState('');

  useEffect(() => {
    listInspectors().then(
      (items) => setInspectors(items),
      (error) => setLoadError(errorText(error)),
    );
  }, []);

  useEffect(() => setChosen(entry.inspector?.id ?? null), [entry.inspector?.id]);

  const list = inspectors ?? [];
  const index = list.findIndex((i) => i.id === chosen);
  const assign = async () => {
    if (!chosen) return setWarning('请选择核查人');
    setWarning('');
    await onAssign(chosen);
  };

  return (
    <View className="section" id="entry-assign">
      <View className="section-title">指派现场核查人</View>
      <View className="muted" id="entry-inspector" data-inspector-id={entry.inspector?.id ?? ''}>
        当前核查人：{entry.inspector?.name ?? '未指派'}
      </View>
      {loadError && <View className="error-text spaced">核查人名单加载失败：{loadError}</View>}
      {inspectors && list.length === 0 && <View className="muted spaced">没有可指派的核查人</View>}
      {list.length > 0 && (
        <View className="row spaced">
          {process.env.TARO_ENV === 'h5' ? (
            <select
              id="inspector-select"
              className="field-select"
              value={chosen ?? ''}
              onChange={(e) => setChosen(e.target.value ? Number(e.target.value) : null)}
            >
              <option value="">请选择核查人</option>
              {list.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          ) : (
            <Picker
              id="inspector-select"
              mode="selector"
              range={list}
              rangeKey="name"
              value={Math.max(index, 0)}
              onChange={(e) => setChosen(list[Number(e.detail.value)]?.id ?? null)}
            >
              <View className="field-input picker-value">{index >= 0 ? list[index].name : '请选择核查人'}</View>
            </Picker>
          )}
          <Button id="inspector-assign" type="primary" loading={busy} disabled={busy} onClick={() => void assign()}>
            {entry.inspector ? '改派' : '指派'}
          </Button>
        </View>
      )}
      {warning && (
        <View className="error-text spaced" id="inspector-warning">
          {warning}
        </View>
      )}
    </View>
  );
}

const LOCATION_TIMEOUT_MS = 15000;
type Place =
  | { state: 'none' }
  | { state: 'locating' }
  | { state: 'done'; latitude: number; longitude: number; accuracy: number | null }
  | { state: 'refused' };

const VERDICT_OPTIONS = [
  { value: 'pass' as const, label: '通过' },
  { value: 'reject' as const, label: '不通过' },
];
const FINDINGS_MIN = 5;
const FINDINGS_MAX = 2000;
/** A visit time a little ahead of the server's clock is still accepted (phones drift). */
const FUTURE_SLACK_MS = 5 * 60 * 1000;

interface FormProps {
  entryId: number;
  /** The photos already on the server (the inspector may have left and come back). */
  photos: Evidence[];
  busy: boolean;
  onSubmit: (body: InspectionRequest) => Promise<boolean>;
}

/** The assigned inspector's record of the visit: when, where (optional), what was found, and the verdict. */
export function InspectionForm({ entryId, photos, busy, onSubmit }: FormProps) {
  const [visitedAt, setVisitedAt] = useState<LocalDateTime>(() => shanghaiLocal(new Date()));
  const [place, setPlace] = useState<Place>({ state: 'none' });
  const [findings, setFindings] = useState('');
  const [verdict, setVerdict] = useState<'pass' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const [warning, setWarning] = useState('');
  const [photoCounts, setPhotoCounts] = useState<PhotoCounts>({ uploading: 0, failed: 0, done: photos.length });
  const onPhotoCounts = useCallback((counts: PhotoCounts) => setPhotoCounts(counts), []);

  const locate = async () => {
    setPlace({ state: 'locating' });
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), LOCATION_TIMEOUT_MS));
      const loc = await Promise.race([Taro.getLocation({ type: 'wgs84' }), timeout]);
      const accuracy = loc.horizontalAccuracy || loc.accuracy;
      setPlace({
        state: 'done',
        latitude: loc.latitude,
        longitude: loc.longitude,
        accuracy: Number.isFinite(accuracy) && accuracy >= 0 ? accuracy : null,
      });
    } catch {
      setPlace({ state: 'refused' });
    }
  };

  const submit = async () => {
    const iso = toShanghaiIso(visitedAt);
    const at = shanghaiInstant(visitedAt);
    if (!iso || !at) return setWarning('请填写到访时间');
    if (at.getTime() > Date.now() + FUTURE_SLACK_MS) return setWarning('到访时间不能晚于现在');
    if (findings.trim().length < FINDINGS_MIN) return setWarning(`请填写核查情况（至少${FINDINGS_MIN}个字）`);
    if (!verdict) return setWarning('请选择核查结论');
    if (verdict === 'reject' && reason.trim().length < 2) return setWarning('不通过须填写理由（至少2个字）');
    if (photoCounts.uploading) return setWarning('照片正在上传，请等上传完成后再提交');
    if (photoCounts.failed) return setWarning('有照片上传失败，请重试或删除后再提交');
    setWarning('');
    await onSubmit({
      visitedAt: iso,
      latitude: place.state === 'done' ? place.latitude : null,
      longitude: place.state === 'done' ? place.longitude : null,
      findings: findings.trim(),
      verdict,
      reason: reason.trim() || null,
    });
  };

  return (
    <View className="section" id="inspection-form">
      <View className="section-title">现场核查记录</View>

      <View className="field-label">
        到访时间<Text className="required">*</Text>
      </View>
      <DateTimeField id="inspection-visited-at" value={visitedAt} onChange={setVisitedAt} disabled={busy} />

      <View className="field-label">核查地点（选填）</View>
      <View className="row">
        <Button id="inspection-locate" size="small" loading={place.state === 'locating'} disabled={busy || place.state === 'locating'} onClick={() => void locate()}>
          {place.state === 'done' ? '重新定位' : '记录当前位置'}
        </Button>
        {place.state === 'done' && (
          <Button id="inspection-place-clear" size="small" disabled={busy} onClick={() => setPlace({ state: 'none' })}>
            不记录位置
          </Button>
        )}
      </View>
      <View
        id="inspection-place"
        data-state={place.state}
        className={place.state === 'refused' ? 'warn-text spaced' : 'muted spaced'}
      >
        {place.state === 'none' && '未记录位置，可不带位置提交'}
        {place.state === 'locating' && '正在定位…'}
        {place.state === 'done' && formatPlace(place.latitude, place.longitude, place.accuracy)}
        {place.state === 'refused' && '未获取到位置（未授权定位或定位失败），核查记录将不带位置提交'}
      </View>

      <InspectionPhotos entryId={entryId} initial={photos} disabled={busy} onCounts={onPhotoCounts} />

      <View className="field-label">
        核查情况<Text className="required">*</Text>
      </View>
      <Textarea
        {...fieldId('inspection-findings')}
        className="field-textarea"
        placeholder="现场看到的情况、核实的材料和数据"
        maxlength={FINDINGS_MAX}
        value={findings}
        onInput={(e) => setFindings(e.detail.value)}
      />
      <View className="field-hint">
        {findings.trim().length}/{FINDINGS_MAX}
      </View>

      <View className="field-label">
        核查结论<Text className="required">*</Text>
      </View>
      <ChoiceRow id="inspection-verdict" options={VERDICT_OPTIONS} value={verdict} onChange={setVerdict} disabled={busy} />

      <View className="field-label">
        理由{verdict === 'reject' ? <Text className="required">*</Text> : '（通过时选填）'}
      </View>
      <Textarea
        {...fieldId('inspection-reason')}
        className="field-textarea"
        placeholder={verdict === 'reject' ? '写明不通过的原因' : '可补充说明'}
        maxlength={500}
        value={reason}
        onInput={(e) => setReason(e.detail.value)}
      />

      {warning && (
        <View className="error-text spaced" id="inspection-warning">
          {warning}
        </View>
      )}
      <View className="spaced">
        <Button id="inspection-submit" type="primary" block loading={busy} disabled={busy} onClick={() => void submit()}>
          提交核查结论
        </Button>
      </View>
      <View className="field-hint">结论提交后不能修改。</View>
    </View>
  );
}

/** The recorded visit and verdict. */
export function InspectionRecord({ entry }: { entry: LedgerEntry }) {
  const r = entry.inspection;
  if (!r) return null;
  return (
    <View className="section" id="entry-inspection" data-verdict={r.verdict}>
      <View className="section-title">现场核查记录</View>
      <View className={r.verdict === 'pass' ? 'ok-text' : 'error-text'} id="entry-inspection-verdict">
        {r.verdict === 'pass' ? '核查通过，进入本月亮点工作目录' : '核查未通过'}
      </View>
      <DetailField label="核查人" value={r.inspectorName} />
      <DetailField label="到访时间" value={formatDateTime(r.visitedAt)} />
      <DetailField label="地点" value={formatPlace(r.latitude, r.longitude)} />
      <View className="detail-field">
        <Text className="detail-label">核查情况</Text>
      </View>
      <View className="body-text">{r.findings}</View>
      {r.reason && (
        <>
          <View className="detail-field">
            <Text className="detail-label">理由</Text>
          </View>
          <View className="body-text" id="entry-inspection-reason">
            {r.reason}
          </View>
        </>
      )}
    </View>
  );
}
