import { Text, View } from '@tarojs/components';
import type { PublicCandidate } from '@liangdian/shared';
import { EvidenceImage } from '../../report/components/evidence-image';
import { outcomeText, type Outcome } from '../lib/ballot';

interface Props {
  candidate: PublicCandidate;
  checked: boolean;
  /** Voted for today: shown as such and not tickable. */
  voted: boolean;
  /** Outside the window or while sending. */
  disabled: boolean;
  /** The last answer for this candidate, if it was in the last ballot. */
  outcome: Outcome | undefined;
  onToggle: (id: string) => void;
}

/** One candidate of the public vote: tick box, photo, title, unit, summary and the last answer. */
export function CandidateRow({ candidate: c, checked, voted, disabled, outcome, onToggle }: Props) {
  const inert = disabled || (voted && !checked);
  return (
    <View
      className={`candidate ${inert ? 'check-disabled' : ''}`}
      id={`vote-candidate-${c.id}`}
      data-checked={checked ? '1' : '0'}
      data-voted={voted ? '1' : '0'}
      onClick={() => onToggle(c.id)}
    >
      <Text className={`check-box ${checked || voted ? 'check-box-on' : ''}`} id={`vote-candidate-${c.id}-check`} data-checked={checked ? '1' : '0'}>
        {checked || voted ? '✓' : ''}
      </Text>
      {c.photoUrl && <EvidenceImage url={c.photoUrl} className="candidate-photo" id={`vote-candidate-${c.id}-photo`} />}
      <View className="check-body">
        <View className="candidate-title">{c.title}</View>
        <View className="row muted">
          <Text>{c.unitName}</Text>
          {voted && <Text className="voted-tag">今日已投</Text>}
        </View>
        {c.summary && <View className="muted clamp-3">{c.summary}</View>}
        {outcome && (
          <View
            className={`outcome ${outcome.accepted ? 'ok-text' : 'error-text'}`}
            id={`vote-outcome-${c.id}`}
            data-outcome={outcome.accepted ? 'accepted' : outcome.code}
          >
            {outcomeText(outcome)}
          </View>
        )}
      </View>
    </View>
  );
}
