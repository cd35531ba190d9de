import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { me } from '../../../api/client';
import { exportRound } from '../../../api/publication';
import { bulletinUrl } from '../lib/navigation';
import { ExportButton } from './export-button';

interface Props {
  round: { id: number; status: string; title: string; month: string };
  /** Whether the viewer is the office; when not given, the component asks `/api/me`. */
  office?: boolean;
  /** Prefix of the ids: `<prefix>-bulletin`, `<prefix>-export`. */
  prefix: string;
}

/** 运用结果 on a closed round: the result as a spreadsheet for everyone who sees it; the bulletin for the office. */
export function RoundPublication({ round, office, prefix }: Props) {
  const [isOffice, setIsOffice] = useState(office ?? false);
  useEffect(() => {
    if (office !== undefined) return setIsOffice(office);
    let live = true;
    me().then((u) => live && setIsOffice(u.roles.includes('office')), () => undefined);
    return () => {
      live = false;
    };
  }, [office]);

  if (round.status !== 'closed') return null;
  return (
    <View className="section" id={`${prefix}-publication`}>
      <View className="section-title">运用结果</View>
      <View className="muted">{isOffice ? '生成《督查通报》并推送到公众号和媒体平台，或导出评选结果。' : '导出评选结果。'}</View>
      <View className="row spaced">
        {isOffice && (
          <Button id={`${prefix}-bulletin`} type="primary" size="small" onClick={() => void Taro.navigateTo({ url: bulletinUrl(round.id) })}>
            生成通报
          </Button>
        )}
        <ExportButton id={`${prefix}-export`} label="导出Excel" run={() => exportRound(round.id, round.title || `评选结果-${round.month}`)} />
      </View>
    </View>
  );
}
