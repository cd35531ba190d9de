import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  EDITABLE_STATUSES,
  SUMMARY_MAX,
  TITLE_MAX,
  leaderQuotaDecision,
  missingForSubmit,
  submissionMonth,
  unitQuotaDecision,
  type Category,
  type Report,
  type ReportKind,
  type Unit,
  type User,
} from '@liangdian/shared';
import {
  createDraft,
  currentMonthOf,
  errorText,
  isApiError,
  listUnits,
  missingFieldsOf,
  submitReport,
  updateReport,
  windowClosedMonth,
  withdrawReport,
} from '../../../../api/client';
import { ChoiceRow } from '../../components/choice-row';
import { QuotaBanner } from '../../components/quota-banner';
import { DraftSaver, EMPTY_FORM, formOf, isBlank, type DraftForm, type SaveState } from '../../lib/draft-saver';
import { formatDateTime, formatMonth } from '../../lib/format';
import { fieldId } from '../../lib/hooks';
import { useQuota } from '../../lib/use-quota';
import { EvidenceSection, type EvidenceCounts } from './evidence-section';
import { ReadOnlyView } from './read-only';

const CATEGORY_OPTIONS = CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] }));

/** Failures a later automatic retry can fix; a refusal (state, permission, content) cannot. */
const RETRYABLE = new Set(['NETWORK_ERROR', 'SERVICE_UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED', 'BAD_RESPONSE']);
const shouldRetry = (error: unknown) => !isApiError(error) || RETRYABLE.has(error.code);

const storage = {
  get: (key: string): unknown => Taro.getStorageSync(key),
  set: (key: string, value: unknown) => Taro.setStorageSync(key, value),
  remove: (key: string) => Taro.removeStorageSync(key),
};

type SubmitState =
  | { status: 'idle' }
  | { status: 'submitting' }
  | { status: 'error'; message: string }
  | { status: 'windowClosed'; message: string; month: string };

interface Props {
  user: User;
  kind: ReportKind;
  /** The server's item, or null for a new one. */
  initial: Report | null;
  cutoffDay: number;
}

const SAVE_TEXT: Record<SaveState['status'], string> = {
  idle: '',
  pending: '有修改，即将自动保存…',
  saving: '正在保存…',
  saved: '已自动保存',
  failed: '保存失败',
};

export function Editor({ user, kind, initial, cutoffDay }: Props) {
  const isRecommendation = kind === 'recommendation';
  const [report, setReport] = useState<Report | null>(initial);
  const [form, setForm] = useState<DraftForm>(() => (initial ? formOf(initial) : EMPTY_FORM));
  const [saveState, setSaveState] = useState<SaveState>({ status: 'idle' });
  const [restored, setRestored] = useState('');
  const { quota, quotaError, fetchQuota } = useQuota(kind);
  const [units, setUnits] = useState<Unit[]>([]);
  const [reasonAsked, setReasonAsked] = useState(false);
  const [submit, setSubmit] = useState<SubmitState>({ status: 'idle' });
  const [submitted, setSubmitted] = useState<{ report: Report; message: string } | null>(null);
  const [counts, setCounts] = useState<EvidenceCounts>({ uploading: 0, failed: 0, photos: 0 });
  const [withdraw, setWithdraw] = useState<{ status: 'idle' | 'confirm' | 'busy' } | { status: 'failed'; message: string }>({
    status: 'idle',
  });
  const formRef = useRef(form);

  const saverRef = useRef<DraftSaver | null>(null);
  if (!saverRef.current) {
    saverRef.current = new DraftSaver(user.id, kind, initial?.id ?? null, {
      create: createDraft,
      update: updateReport,
      storage,
      errorText,
      shouldRetry,
      onState: setSaveState,
      onSaved: setReport,
    });
  }
  const saver = saverRef.current;

  useEffect(() => {
    // A copy left on this device by a crash or a lost network comes back, and is saved again.
    const local = saver.readLocal();
    if (local && !isBlank(local.form)) {
      formRef.current = local.form;
      setForm(local.form);
      saver.change(local.form);
      setRestored(`已恢复本机保存的未同步内容（${formatDateTime(local.at)}）`);
    } else {
      saver.load(formRef.current);
    }
    return () => saver.dispose();
  }, [saver]);

  useEffect(() => {
    void fetchQuota();
    if (isRecommendation) {
      listUnits().then(setUnits, () => setUnits([]));
    }
  }, [fetchQuota, isRecommendation]);

  const change = (patch: Partial<DraftForm>) => {
    const next = { ...formRef.current, ...patch };
    formRef.current = next;
    setForm(next);
    saver.change(next);
    if (submit.status === 'error') setSubmit({ status: 'idle' });
  };

  const ensureId = useCallback(() => saver.ensureId(), [saver]);
  const onCounts = useCallback((c: EvidenceCounts) => setCounts(c), []);

  // ----- early warnings -----
  const missing = missingForSubmit({ ...form, kind });
  const heldSlot = report?.quotaSlot ?? null;
  let quotaWarning = '';
  let reasonNeeded = false;
  if (quota) {
    if (isRecommendation) {
      const d = leaderQuotaDecision(quota.used, { unitFree: 0, unitMax: 0, leaderMax: quota.max });
      if (!d.ok && heldSlot === null) quotaWarning = d.message;
    } else if (heldSlot !== null) {
      reasonNeeded = heldSlot > quota.free;
    } else {
      const d = unitQuotaDecision(quota.used, form.reason, { unitFree: quota.free, unitMax: quota.max, leaderMax: 0 });
      reasonNeeded = d.ok ? d.reasonRequired : d.code === 'QUOTA_REASON_REQUIRED';
      if (!d.ok) quotaWarning = d.message;
    }
  }
  const showReason = isRecommendation || reasonNeeded || reasonAsked || !!form.reason.trim();
  const reasonMissing = !isRecommendation && (reasonNeeded || reasonAsked) && !form.reason.trim();
  const warnings = [
    ...(missing.length ? [`提交前还需填写：${missing.join('、')}`] : []),
    ...(quotaWarning ? [quotaWarning] : []),
    ...(counts.uploading ? [`还有 ${counts.uploading} 个文件正在上传`] : []),
    ...(counts.failed ? [`有 ${counts.failed} 个文件上传失败，请重试或删除`] : []),
  ];

  const doSubmit = async (month?: string, clockRetry = false) => {
    if (submit.status === 'submitting' && !clockRetry) return;
    if (missing.length) {
      setSubmit({ status: 'error', message: `请先填写：${missing.join('、')}` });
      return;
    }
    if (reasonMissing) {
      setSubmit({ status: 'error', message: quotaWarning || '本月第2项、第3项申报须填写申报理由' });
      return;
    }
    if (counts.uploading) {
      setSubmit({ status: 'error', message: '请等待文件上传完成后再提交' });
      return;
    }
    if (counts.failed) {
      setSubmit({ status: 'error', message: '有文件上传失败，请重试或删除后再提交' });
      return;
    }
    setSubmit({ status: 'submitting' });
    const saved = await saver.flush();
    const id = saved ? await saver.ensureId() : null;
    if (!id) {
      setSubmit({ status: 'error', message: '草稿未能保存到服务器，请检查网络后重试（内容已保存在本机）' });
      return;
    }
    const target = month ?? submissionMonth(new Date(), { cutoffDay });
    const reason = formRef.current.reason.trim();
    try {
      const done = await submitReport(id, { month: target, ...(reason ? { reason } : {}) });
      saver.clearLocal();
      setReport(done);
      setSubmit({ status: 'idle' });
      setSubmitted({
        report: done,
        message: isRecommendation
          ? `已提交${formatMonth(done.month)}的推荐，等待亮点办接收。`
          : `已提交${formatMonth(done.month)}的申报，等待单位主要负责人签发。`,
      });
    } catch (error) {
      // The phone's clock runs ahead of the server's: submit once more for the server's month.
      const serverMonth = currentMonthOf(error);
      if (serverMonth && !clockRetry) {
        await doSubmit(serverMonth, true);
        return;
      }
      const nextMonth = windowClosedMonth(error);
      if (nextMonth) {
        setSubmit({ status: 'windowClosed', message: errorText(error), month: nextMonth });
        return;
      }
      if (isApiError(error) && error.code === 'QUOTA_REASON_REQUIRED') setReasonAsked(true);
      const fields = missingFieldsOf(error);
      setSubmit({ status: 'error', message: fields ? `请先填写：${fields.join('、')}` : errorText(error) });
      if (isApiError(error) && (error.code === 'QUOTA_EXCEEDED' || error.code === 'QUOTA_REASON_REQUIRED')) void fetchQuota();
    }
  };

  const doWithdraw = async () => {
    const id = saver.id;
    if (!id) return;
    setWithdraw({ status: 'busy' });
    try {
      await saver.flush();
      const done = await withdrawReport(id);
      saver.clearLocal();
      setSubmitted({ report: done, message: '已撤回。本月名额已释放，此项不会再进入评选。' });
    } catch (error) {
      setWithdraw({ status: 'failed', message: errorText(error) });
    }
  };

  if (submitted) return <ReadOnlyView initial={submitted.report} message={submitted.message} />;
  if (report && !EDITABLE_STATUSES.includes(report.status)) return <ReadOnlyView initial={report} />;

  const submitting = submit.status === 'submitting';
  const unitIndex = units.findIndex((u) => u.id === form.unitId);
  return (
    <View className="page" id="report-edit" data-kind={kind} data-id={report?.id ?? ''}>
      <QuotaBanner quota={quota} error={quotaError} />

      {report?.status === 'returned' && report.returnReason && (
        <View className="section error-text" id="report-return-reason">
          已退回：{report.returnReason}
        </View>
      )}
      {restored && (
        <View className="section muted" id="report-restored">
          {restored}
        </View>
      )}

      <View className="section">
        {!isRecommendation && (
          <View className="muted">申报单位：{user.unit?.name ?? '未关联单位'}</View>
        )}
        <View className="field-label">
          亮点工作名称<Text className="required">*</Text>
        </View>
        <Input
          {...fieldId('report-title')}
          className="field-input"
          placeholder="至少4个字"
          maxlength={TITLE_MAX}
          value={form.title}
          onInput={(e) => change({ title: e.detail.value })}
        />

        <View className="field-label">
          亮点简介<Text className="required">*</Text>
        </View>
        <Textarea
          {...fieldId('report-summary')}
          className="field-textarea"
          placeholder="主要做法、取得成效，至少20个字"
          maxlength={SUMMARY_MAX}
          value={form.summary}
          onInput={(e) => change({ summary: e.detail.value })}
        />
        <View className="field-hint">
          {form.summary.trim().length}/{SUMMARY_MAX}
        </View>

        <View className="field-label">
          类别<Text className="required">*</Text>
        </View>
        <ChoiceRow<Category>
          id="report-category"
          options={CATEGORY_OPTIONS}
          value={form.category}
          onChange={(category) => change({ category })}
        />

        {isRecommendation && (
          <>
            <View className="field-label">被推荐单位</View>
            {process.env.TARO_ENV === 'h5' ? (
              <select
                id="report-unit"
                className="field-select"
                value={form.unitId ?? ''}
                onChange={(e) => change({ unitId: e.target.value ? Number(e.target.value) : null })}
              >
                <option value="">请选择单位</option>
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            ) : (
              <Picker
                id="report-unit"
                mode="selector"
                range={units}
                rangeKey="name"
                value={Math.max(unitIndex, 0)}
                onChange={(e) => change({ unitId: units[Number(e.detail.value)]?.id ?? null })}
              >
                <View className="field-input">{unitIndex >= 0 ? units[unitIndex].name : '请选择单位'}</View>
              </Picker>
            )}
            <View className="field-hint">这项工作是哪个单位做的</View>
          </>
        )}

        <View className="field-label">领导批示（选填）</View>
        <Textarea
          {...fieldId('report-leader-praise')}
          className="field-textarea"
          placeholder="县领导对这项工作的批示或表扬，照原文填写"
          maxlength={500}
          value={form.leaderPraise}
          onInput={(e) => change({ leaderPraise: e.detail.value })}
        />

        {showReason && (
          <View id="report-reason-block">
            <View className="field-label">
              {isRecommendation ? '推荐理由' : '申报理由'}
              {(isRecommendation || reasonNeeded || reasonAsked) && <Text className="required">*</Text>}
            </View>
            <Textarea
              {...fieldId('report-reason')}
              className="field-textarea"
              placeholder={isRecommendation ? '为什么推荐这项工作' : '本单位本月第2项、第3项申报须说明理由'}
              maxlength={1000}
              value={form.reason}
              onInput={(e) => change({ reason: e.detail.value })}
            />
          </View>
        )}

        <View className="row spaced">
          <Text
            className={`save-state ${saveState.status === 'failed' ? 'save-failed' : ''} ${saveState.status === 'saved' ? 'save-saved' : ''}`}
            id="report-save-state"
            data-state={saveState.status}
          >
            {saveState.status === 'failed'
              ? `保存失败：${saveState.message}（内容已保存在本机，稍后自动重试）`
              : SAVE_TEXT[saveState.status] || (report ? '草稿已保存' : '修改后自动保存')}
          </Text>
          {saveState.status === 'failed' && (
            <Button id="report-save-retry" size="small" onClick={() => void saver.flush()}>
              重试保存
            </Button>
          )}
        </View>
      </View>

      <EvidenceSection initial={initial?.evidence ?? []} ensureId={ensureId} disabled={false} onCounts={onCounts} />

      <View className="section" id="report-submit-block">
        {warnings.length > 0 && (
          <View id="report-warnings" data-count={warnings.length}>
            {warnings.map((w) => (
              <View className="warn-text" key={w}>
                {w}
              </View>
            ))}
          </View>
        )}
        {counts.photos === 0 && <View className="muted">建议上传现场照片作为证明材料</View>}
        {(submit.status === 'error' || submit.status === 'windowClosed') && (
          <View className="error-text spaced" id="report-submit-message" data-state={submit.status}>
            {submit.message}
          </View>
        )}
        {submit.status === 'windowClosed' ? (
          <View className="row spaced">
            <Button id="report-submit-next-month" type="primary" onClick={() => void doSubmit(submit.month)}>
              计入{formatMonth(submit.month)}提交
            </Button>
            <Button id="report-submit-cancel" onClick={() => setSubmit({ status: 'idle' })}>
              暂不提交
            </Button>
          </View>
        ) : (
          <Button
            id="report-submit"
            className="spaced"
            type="primary"
            block
            loading={submitting}
            disabled={submitting}
            onClick={() => void doSubmit()}
          >
            {isRecommendation ? '提交推荐' : '提交申报'}
          </Button>
        )}
        <View className="muted spaced">
          {isRecommendation ? '提交后直接送亮点办。' : '提交后由本单位主要负责人签发，再送亮点办。'}
        </View>
        {report?.status === 'returned' && (
          <View className="row spaced">
            {withdraw.status === 'confirm' || withdraw.status === 'busy' ? (
              <>
                <Button id="report-withdraw-confirm" type="danger" size="small" loading={withdraw.status === 'busy'} onClick={() => void doWithdraw()}>
                  确认撤回（放弃此项）
                </Button>
                <Button id="report-withdraw-cancel" size="small" disabled={withdraw.status === 'busy'} onClick={() => setWithdraw({ status: 'idle' })}>
                  不撤回
                </Button>
              </>
            ) : (
              <Button id="report-withdraw" size="small" onClick={() => setWithdraw({ status: 'confirm' })}>
                撤回此项
              </Button>
            )}
            {withdraw.status === 'failed' && <View className="error-text">{withdraw.message}</View>}
          </View>
        )}
      </View>
    </View>
  );
}
