import { useEffect, useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Round } from '@liangdian/shared';
import { assignAssessor, errorText, listAssessors, type Assessor } from '../../../../api/client';
import type { Notice } from '../../lib/hooks';

/**
 * The office sends assessors to score a quarterly round's items: pick an assessor, tick items (an
 * item of the assessor's own unit is refused by the server, which names it). Assigning again adds items.
 */
export function AssignAssessors({ round }: { round: Round }) {
  const [assessors, setAssessors] = useState<Assessor[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [assessorId, setAssessorId] = useState(0);
  const [ticked, setTicked] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    let live = true;
    listAssessors().then(
      (list) => {
        if (!live) return;
        setAssessors(list);
        if (list.length === 1) setAssessorId(list[0].id);
      },
      (error) => live && setLoadError(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, []);

  const toggle = (id: number) => setTicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  const assign = async () => {
    if (!assessorId) return setNotice({ state: 'error', text: '请选择评分人' });
    if (ticked.length === 0) return setNotice({ state: 'error', text: '请勾选要评分的事项' });
    setBusy(true);
    setNotice(null);
    try {
      await assignAssessor(round.id, assessorId, ticked);
      const name = assessors?.find((a) => a.id === assessorId)?.name ?? '';
      setNotice({ state: 'ok', text: `已指派${name}为 ${ticked.length} 项事项评分` });
      setTicked([]);
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const chosen = assessors?.find((a) => a.id === assessorId);
  const label = (a: Assessor) => `${a.name}${a.unitName ? `（${a.unitName}）` : ''}`;
  return (
    <View className="section" id="assign-form">
      <View className="section-title">指派评分人</View>
      <View className="muted">评分人不能给本单位的事项评分。可多次指派，每次一位评分人。</View>
      {loadError && <View className="error-text spaced">{loadError}</View>}
      {assessors && assessors.length === 0 && (
        <View className="warn-text spaced" id="assign-no-assessors">
          还没有评分人：请系统管理员为用户分配「季度观摩评分人」角色。
        </View>
      )}
      {assessors && assessors.length > 0 && (
        <View className="spaced">
          <View className="field-label">评分人</View>
          {process.env.TARO_ENV === 'h5' ? (
            <select id="assign-assessor" className="field-select" value={assessorId || ''} onChange={(e) => setAssessorId(Number(e.target.value) || 0)}>
              <option value="">请选择评分人</option>
              {assessors.map((a) => (
                <option key={a.id} value={a.id}>
                  {label(a)}
                </option>
              ))}
            </select>
          ) : (
            <Picker
              id="assign-assessor"
              mode="selector"
              range={assessors.map(label)}
              value={Math.max(0, assessors.findIndex((a) => a.id === assessorId))}
              onChange={(e) => setAssessorId(assessors[Number(e.detail.value)]?.id ?? 0)}
            >
              <View className="field-input picker-value">{chosen ? label(chosen) : '请选择评分人'}</View>
            </Picker>
          )}
        </View>
      )}
      <View className="spaced">
        {round.entries.map((e) => {
          const checked = ticked.includes(e.id);
          return (
            <View key={e.id} className="check-row" id={`assign-item-${e.id}`} data-checked={checked ? '1' : '0'} onClick={() => toggle(e.id)}>
              <Text className={`check-box ${checked ? 'check-box-on' : ''}`}>{checked ? '✓' : ''}</Text>
              <View className="check-body">
                <View>{e.title}</View>
                <View className="muted">{e.unit?.name ?? '未指定单位'}</View>
              </View>
            </View>
          );
        })}
      </View>
      <View className="row spaced">
        <Text className="muted" id="assign-count" data-count={ticked.length}>
          已勾选 {ticked.length} 项
        </Text>
        <Text className="link-text" id="assign-all" onClick={() => setTicked(round.entries.map((e) => e.id))}>
          全选
        </Text>
      </View>
      {notice && (
        <View className={`spaced ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id="assign-message" data-state={notice.state}>
          {notice.text}
        </View>
      )}
      <View className="spaced">
        <Button id="assign-confirm" type="primary" block loading={busy} disabled={busy || !assessors?.length} onClick={() => void assign()}>
          确认指派
        </Button>
      </View>
    </View>
  );
}

/** 结束评分: the scores are ranked; a tie at the cut-off goes to the office. */
export function CloseQuarter({ busy, expired, onClose }: { busy: boolean; expired: boolean; onClose: () => void }) {
  return (
    <View className="section" id="quarter-admin">
      <View className="section-title">结束评分</View>
      <View className="muted">
        {expired ? '已过截止时间，请结束评分并排名。' : '截止时间未到也可以提前结束。'}结束后不能再评分，按平均得分（5 份及以上去掉最高和最低分）排名。
      </View>
      <View className="spaced">
        <Button id="quarter-close" type="danger" block loading={busy} disabled={busy} onClick={onClose}>
          结束评分并排名
        </Button>
      </View>
    </View>
  );
}
