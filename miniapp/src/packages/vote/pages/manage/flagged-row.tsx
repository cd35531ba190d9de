import { Text, View } from '@tarojs/components';
import type { FlaggedBallot } from '@liangdian/shared';
import { formatDateTime } from '../../../report/lib/format';
import { accountAge, signalText } from '../../lib/review';

interface Props {
  ballot: FlaggedBallot;
  checked: boolean;
  onToggle: (id: string) => void;
  /** Tapping the IP or the device shows only the ballots from it. */
  onFilterIp: (ip: string) => void;
  onFilterDevice: (device: string) => void;
}

/** One flagged ballot: the candidate, each signal with what was seen, IP, device, the voter's account age and the cast time. */
export function FlaggedRow({ ballot: b, checked, onToggle, onFilterIp, onFilterDevice }: Props) {
  return (
    <View className="check-row" id={`flagged-row-${b.id}`} data-excluded={b.excluded ? '1' : '0'} data-checked={checked ? '1' : '0'}>
      <Text className={`check-box ${checked ? 'check-box-on' : ''}`} id={`flagged-row-${b.id}-check`} onClick={() => onToggle(b.id)}>
        {checked ? '✓' : ''}
      </Text>
      <View className="check-body">
        <View className="row">
          <Text>{b.candidateTitle}</Text>
          {b.excluded ? <Text className="tag status-rejected">已剔除</Text> : <Text className="tag status-tie">计入中</Text>}
        </View>
        <View>
          {b.signals.map((s) => (
            <Text className="signal" key={s.kind} id={`flagged-row-${b.id}-signal-${s.kind}`}>
              {signalText(s)}
            </Text>
          ))}
        </View>
        <View className="row muted">
          <Text className="link-text" id={`flagged-row-${b.id}-ip`} onClick={() => onFilterIp(b.ip)}>
            IP {b.ip}
          </Text>
          {b.device ? (
            <Text className="link-text" id={`flagged-row-${b.id}-device`} onClick={() => onFilterDevice(b.device!)}>
              设备 {b.device.slice(0, 12)}
            </Text>
          ) : (
            <Text>无设备标识</Text>
          )}
        </View>
        <View className="row muted">
          <Text>投票人 #{b.voterId}</Text>
          <Text>{accountAge(b.voterCreatedAt, b.castAt)}</Text>
          <Text>投票于 {formatDateTime(b.castAt)}</Text>
        </View>
        {b.decisionNote && <View className="muted">处理理由：{b.decisionNote}</View>}
      </View>
    </View>
  );
}
