/** Texts of the office's flagged-ballot review (plain functions, tested without Taro). */
import { SIGNAL_LABELS, type Signal, type SignalKind } from '@liangdian/shared';

/** `60 秒`, `5 分钟`, `2 小时`, `1 天`. */
export function formatSeconds(seconds: number): string {
  if (seconds >= 86400 && seconds % 86400 === 0) return `${seconds / 86400} 天`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} 小时`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} 分钟`;
  return `${seconds} 秒`;
}

/** What a signal's count counts: ballots in a burst, WeChat accounts on one device or in a wave. */
const COUNTS: Record<SignalKind, string> = { ipBurst: '票', deviceBurst: '票', sharedDevice: '个账号', newAccountWave: '个账号', noDevice: '' };

/**
 * `同一IP短时间内大量投票（1 分钟内 57 票）`, `同一设备登录多个微信账号投票（4 个账号）`; a signal
 * with nothing counted (no device) is its label alone.
 */
export function signalText(signal: Signal): string {
  const label = SIGNAL_LABELS[signal.kind];
  const unit = COUNTS[signal.kind];
  if (!unit || signal.count <= 0) return label;
  const within = signal.windowSeconds > 0 ? `${formatSeconds(signal.windowSeconds)}内 ` : '';
  return `${label}（${within}${signal.count} ${unit}）`;
}

/** How old the voter's account was when the ballot was cast: `注册 12 分钟`, `注册 5 小时`, `注册 3 天`. */
export function accountAge(createdAt: string, castAt: string): string {
  const ms = Date.parse(castAt) - Date.parse(createdAt);
  if (!Number.isFinite(ms)) return '注册时间不明';
  const minutes = Math.max(0, Math.floor(ms / 60000));
  if (minutes < 60) return `注册 ${minutes} 分钟`;
  if (minutes < 48 * 60) return `注册 ${Math.floor(minutes / 60)} 小时`;
  return `注册 ${Math.floor(minutes / 1440)} 天`;
}
