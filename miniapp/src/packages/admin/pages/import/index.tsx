import { useState, type ChangeEvent } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { ImportKind, ImportReport, ImportRowError } from '@liangdian/shared';
import { errorText, importErrorsOf, importFile } from '../../../../api/client';
import './index.scss';

const KIND_LABELS: Record<ImportKind, string> = { units: '单位', users: '用户' };
const KIND_HINTS: Record<ImportKind, string> = {
  units: '列：单位编码、单位名称、单位类型（县直部门／乡镇／县级机关）',
  users: '列：姓名、手机号、单位编码（可空）、角色（多个用“、”分隔）',
};

/** A local temp path on weapp, the browser's File on H5. */
interface PickedFile {
  name: string;
  source: string | Blob;
}

type Outcome =
  | { status: 'idle' }
  | { status: 'running'; dryRun: boolean }
  | { status: 'done'; report: ImportReport }
  | { status: 'invalid'; message: string; errors: ImportRowError[] }
  | { status: 'failed'; message: string };

export default function ImportPage() {
  const [kind, setKind] = useState<ImportKind>('units');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' });

  const chooseKind = (next: ImportKind) => {
    setKind(next);
    setOutcome({ status: 'idle' });
  };

  // WeChat cannot browse the phone's files; chooseMessageFile picks from a chat, which is where
  // the county's spreadsheets arrive.
  const chooseWeappFile = async () => {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] });
      const picked = res.tempFiles[0];
      if (picked) setFile({ name: picked.name, source: picked.path });
      setOutcome({ status: 'idle' });
    } catch {
      // Cancelled: keep whatever was picked before.
    }
  };

  const onH5File = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    setFile(picked ? { name: picked.name, source: picked } : null);
    setOutcome({ status: 'idle' });
  };

  const submit = async (dryRun: boolean) => {
    if (!file || outcome.status === 'running') return;
    setOutcome({ status: 'running', dryRun });
    try {
      setOutcome({ status: 'done', report: await importFile(kind, file.source, dryRun) });
    } catch (error) {
      const errors = importErrorsOf(error);
      setOutcome(
        errors
          ? { status: 'invalid', message: errorText(error), errors }
          : { status: 'failed', message: errorText(error) },
      );
    }
  };

  const running = outcome.status === 'running';
  return (
    <View className="page" id="import-page">
      <View className="section">
        <View className="section-title">导入类型</View>
        <View className="row">
          {(Object.keys(KIND_LABELS) as ImportKind[]).map((k) => (
            <Button
              key={k}
              id={`import-kind-${k}`}
              className={kind === k ? 'is-selected' : ''}
              type={kind === k ? 'primary' : 'default'}
              onClick={() => chooseKind(k)}
            >
              {KIND_LABELS[k]}
            </Button>
          ))}
        </View>
        <View className="muted spaced">{KIND_HINTS[kind]}</View>
      </View>

      <View className="section">
        <View className="section-title">选择文件（.xlsx 或 .csv）</View>
        {/* Inline, not a constant, so the weapp build drops the DOM-only <input> entirely. */}
        {process.env.TARO_ENV === 'h5' ? (
          <input id="import-file-input" type="file" accept=".xlsx,.csv" onChange={onH5File} />
        ) : (
          <Button id="import-choose-file" onClick={chooseWeappFile}>
            从聊天记录选择文件
          </Button>
        )}
        <View className="muted spaced" id="import-file-name">
          {file ? `已选择：${file.name}` : '尚未选择文件'}
        </View>
      </View>

      <View className="row">
        <Button
          id="import-dry-run"
          disabled={!file || running}
          loading={running && outcome.dryRun}
          onClick={() => submit(true)}
        >
          预检
        </Button>
        <Button
          id="import-submit"
          type="primary"
          disabled={!file || running}
          loading={running && !outcome.dryRun}
          onClick={() => submit(false)}
        >
          导入
        </Button>
      </View>
      <View className="muted spaced">预检只检查文件，不写入数据；有任何一行出错时整批都不会导入。</View>

      {outcome.status === 'done' && <ReportView report={outcome.report} />}
      {outcome.status === 'invalid' && (
        <View className="section spaced">
          <View className="error-text" id="import-error-message">
            {outcome.message}
          </View>
          <ErrorTable errors={outcome.errors} />
        </View>
      )}
      {outcome.status === 'failed' && (
        <View className="section spaced error-text" id="import-error-message">
          {outcome.message}
        </View>
      )}
    </View>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const counts: [string, string, number][] = [
    ['rows', '总行数', report.rows],
    ['created', '新增', report.created],
    ['updated', '更新', report.updated],
    ['unchanged', '未变化', report.unchanged],
  ];
  return (
    <View className="section spaced" id="import-result" data-dry-run={report.dryRun ? '1' : '0'}>
      <View className="section-title" id="import-result-title">
        {report.dryRun ? '预检通过（未写入数据）' : '导入完成'}
      </View>
      <View className="row">
        {counts.map(([key, label, value]) => (
          <Text className="import-count" key={key}>
            {label}：<Text id={`import-result-${key}`}>{value}</Text>
          </Text>
        ))}
      </View>
      {report.errors.length > 0 && <ErrorTable errors={report.errors} />}
    </View>
  );
}

function ErrorTable({ errors }: { errors: ImportRowError[] }) {
  return (
    <View className="import-table" id="import-errors">
      <View className="import-table-row import-table-head">
        <View className="import-cell import-cell-row">行</View>
        <View className="import-cell import-cell-column">列</View>
        <View className="import-cell import-cell-message">问题</View>
      </View>
      {errors.map((error, index) => (
        <View className="import-table-row import-error-row" key={`${error.row}-${error.column}-${index}`}>
          <View className="import-cell import-cell-row">{error.row}</View>
          <View className="import-cell import-cell-column">{error.column ?? '—'}</View>
          <View className="import-cell import-cell-message">{error.message}</View>
        </View>
      ))}
    </View>
  );
}
