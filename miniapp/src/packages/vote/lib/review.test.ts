import { accountAge, formatSeconds, signalText } from './review';

describe('flagged-ballot texts', () => {
  it('names the signal with what was seen', () => {
    expect(signalText({ kind: 'ipBurst', count: 57, windowSeconds: 60 })).toBe('同一IP短时间内大量投票（1 分钟内 57 票）');
    expect(signalText({ kind: 'deviceBurst', count: 12, windowSeconds: 45 })).toBe('同一设备短时间内大量投票（45 秒内 12 票）');
    expect(signalText({ kind: 'sharedDevice', count: 4, windowSeconds: 0 })).toBe('同一设备登录多个微信账号投票（4 个账号）');
    expect(signalText({ kind: 'newAccountWave', count: 5, windowSeconds: 600 })).toBe('新注册账号集中投票（10 分钟内 5 个账号）');
    expect(signalText({ kind: 'noDevice', count: 0, windowSeconds: 0 })).toBe('未提供设备标识（非小程序投票）');
  });

  it('formats windows and account ages', () => {
    expect(formatSeconds(7200)).toBe('2 小时');
    expect(formatSeconds(90)).toBe('90 秒');
    expect(accountAge('2026-11-23T10:00:00+08:00', '2026-11-23T10:12:30+08:00')).toBe('注册 12 分钟');
    expect(accountAge('2026-11-23T00:00:00Z', '2026-11-24T05:00:00Z')).toBe('注册 29 小时');
    expect(accountAge('2026-11-01T00:00:00Z', '2026-11-23T00:00:00Z')).toBe('注册 22 天');
    expect(accountAge('bad', '2026-11-23T00:00:00Z')).toBe('注册时间不明');
  });
});
