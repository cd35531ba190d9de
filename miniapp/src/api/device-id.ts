import Taro from '@tarojs/taro';

/** Where the phone keeps its public-vote device id (the server's `X-Device-Id`). */
export const DEVICE_ID_KEY = 'ld.deviceId';
const DEVICE_ID = /^[0-9a-f]{32}$/;

/**
 * 32 hex characters. The id only groups ballots for the fraud signals (one device, many WeChat
 * accounts) and is no secret, so Math.random is an acceptable fallback where the runtime has no
 * `crypto.getRandomValues` (the weapp JS engine).
 */
export function randomDeviceId(): string {
  const bytes = new Uint8Array(16);
  if (typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function') crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** This phone's device id: made once, then kept in storage across sessions and sign-ins. */
export function deviceId(): string {
  const stored: unknown = Taro.getStorageSync(DEVICE_ID_KEY);
  if (typeof stored === 'string' && DEVICE_ID.test(stored)) return stored;
  const id = randomDeviceId();
  try {
    Taro.setStorageSync(DEVICE_ID_KEY, id);
  } catch {
    // Storage full or refused: this session still sends one stable id.
  }
  return id;
}
