import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { fieldId } from '../../../report/lib/hooks';
import type { DraftFields } from '../../lib/draft';

interface Props {
  draft: DraftFields;
  onChange: (draft: DraftFields) => void;
  /** A published bulletin is read only. */
  locked: boolean;
  dirty: boolean;
  busy: boolean;
  onSave: () => void;
}

/** 期号、标题、发文单位、导语、结束语: the text of the bulletin; the ranked items come from the round. */
export function BulletinForm({ draft, onChange, locked, dirty, busy, onSave }: Props) {
  const set = (key: keyof DraftFields) => (e: { detail: { value: string } }) => onChange({ ...draft, [key]: e.detail.value });
  return (
    <View className="section" id="bulletin-form" data-dirty={dirty ? '1' : '0'}>
      <View className="section-title">通报内容</View>
      {locked && <View className="muted">通报已发布，内容不能再修改。</View>}
      <View className="field-label">
        期号<Text className="required">*</Text>
      </View>
      <Input {...fieldId('bulletin-number')} className="field-input" value={draft.number} maxlength={32} disabled={locked} onInput={set('number')} />
      <View className="field-label">
        标题<Text className="required">*</Text>
      </View>
      <Input {...fieldId('bulletin-title')} className="field-input" value={draft.title} maxlength={100} disabled={locked} onInput={set('title')} />
      <View className="field-label">
        发文单位<Text className="required">*</Text>
      </View>
      <Input {...fieldId('bulletin-issuer')} className="field-input" value={draft.issuer} maxlength={64} disabled={locked} onInput={set('issuer')} />
      <View className="field-label">
        导语<Text className="required">*</Text>
      </View>
      <Textarea
        {...fieldId('bulletin-lead')}
        className="field-textarea bulletin-textarea"
        value={draft.lead}
        maxlength={4000}
        disabled={locked}
        autoHeight
        onInput={set('lead')}
      />
      <View className="field-hint">写明评选依据和经过，结尾引出“现将评选结果通报如下”。</View>
      <View className="field-label">结束语</View>
      <Textarea
        {...fieldId('bulletin-closing')}
        className="field-textarea bulletin-textarea"
        value={draft.closing}
        maxlength={4000}
        disabled={locked}
        autoHeight
        onInput={set('closing')}
      />
      {!locked && (
        <View className="row spaced">
          <Button id="bulletin-save" type="primary" loading={busy} disabled={busy || !dirty} onClick={onSave}>
            {dirty ? '保存' : '已保存'}
          </Button>
          {dirty && <Text className="muted">有未保存的修改；预览和发布前会自动保存</Text>}
        </View>
      )}
    </View>
  );
}
