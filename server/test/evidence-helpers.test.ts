import { exifTime, readExif } from '../src/modules/evidence/read-exif';
import { Semaphore } from '../src/modules/evidence/semaphore';
import { cameraJpeg } from './fixtures/evidence-images';

describe('EXIF capture time', () => {
  it('reads a zone-less EXIF time as Beijing time', () => {
    expect(exifTime('2026:11:05 14:03:00', undefined)).toBe('2026-11-05T06:03:00.000Z');
    expect(exifTime('2026:11:05 00:30:00', undefined)).toBe('2026-11-04T16:30:00.000Z');
  });
  it('uses OffsetTimeOriginal when the camera wrote one', () => {
    expect(exifTime('2026:11:05 14:03:00', '+09:00')).toBe('2026-11-05T05:03:00.000Z');
    expect(exifTime('2026:11:05 14:03:00', '-05:00')).toBe('2026-11-05T19:03:00.000Z');
    expect(exifTime('2026:11:05 14:03:00', 'garbage')).toBe('2026-11-05T06:03:00.000Z');
  });
  it('drops unset or impossible clocks', () => {
    expect(exifTime('0000:00:00 00:00:00', undefined)).toBeNull();
    expect(exifTime('1970:01:01 08:00:00', undefined)).toBeNull();
    expect(exifTime('2026:13:45 99:00:00', undefined)).toBeNull();
    expect(exifTime('yesterday', undefined)).toBeNull();
    expect(exifTime(42, undefined)).toBeNull();
  });
});

describe('readExif', () => {
  it('reads time with its offset and a southern/western position', async () => {
    const jpg = await cameraJpeg(64, 64, 'a', {
      dateTimeOriginal: '2026:11:05 14:03:00',
      offsetTimeOriginal: '+09:00',
      latitude: -33.8688,
      longitude: -70.6693,
    });
    const exif = await readExif(jpg);
    expect(exif?.at).toBe('2026-11-05T05:03:00.000Z');
    expect(exif?.latitude).toBeCloseTo(-33.8688, 4);
    expect(exif?.longitude).toBeCloseTo(-70.6693, 4);
  });
  it('is null without EXIF time or place, and treats 0,0 as no fix', async () => {
    expect(await readExif(await cameraJpeg(64, 64, 'a'))).toBeNull();
    expect(await readExif(await cameraJpeg(64, 64, 'a', { latitude: 0, longitude: 0 }))).toBeNull();
    expect(await readExif(Buffer.from('not an image at all'))).toBeNull();
  });
});

describe('Semaphore', () => {
  it('runs at most `slots` tasks at once, in arrival order, and frees slots on failure', async () => {
    const sem = new Semaphore(2);
    const gates: (() => void)[] = [];
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const task = (i: number) =>
      sem.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
        if (i === 1) throw new Error('boom');
        return i;
      });
    const all = [0, 1, 2, 3, 4].map((i) => task(i).catch((e: Error) => e.message));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(sem.load).toEqual({ active: 2, waiting: 3 });
    while (gates.length) {
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(all)).toEqual([0, 'boom', 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(sem.load).toEqual({ active: 0, waiting: 0 });
  });
});
