import { fromInputValue, shanghaiDaysLater, shanghaiInstant, shanghaiLocal, toInputValue, toShanghaiIso } from './time';

describe('county time fields', () => {
  it('reads an instant as Shanghai date and time, across the UTC day boundary', () => {
    expect(shanghaiLocal(new Date('2018-08-24T17:30:00Z'))).toEqual({ date: '2018-08-25', time: '01:30' });
    expect(shanghaiLocal(new Date('2018-12-31T16:00:00Z'))).toEqual({ date: '2019-01-01', time: '00:00' });
  });

  it('writes ISO with the +08:00 offset, and refuses impossible values', () => {
    expect(toShanghaiIso({ date: '2018-08-25', time: '10:05' })).toBe('2018-08-25T10:05:00+08:00');
    expect(toShanghaiIso({ date: '2018-02-30', time: '10:00' })).toBeNull();
    expect(toShanghaiIso({ date: '2018-08-25', time: '24:00' })).toBeNull();
    expect(toShanghaiIso({ date: '', time: '' })).toBeNull();
    expect(shanghaiInstant({ date: '2018-08-25', time: '08:00' })?.toISOString()).toBe('2018-08-25T00:00:00.000Z');
  });

  it('gives the default end of a vote some days later at a fixed hour', () => {
    expect(shanghaiDaysLater(new Date('2018-08-28T20:00:00Z'), 3, '18:00')).toEqual({ date: '2018-09-01', time: '18:00' });
  });

  it('round-trips the datetime-local input value', () => {
    expect(fromInputValue('2018-08-25T10:05')).toEqual({ date: '2018-08-25', time: '10:05' });
    expect(fromInputValue('2018-08-25T10:05:30')).toEqual({ date: '2018-08-25', time: '10:05' });
    expect(fromInputValue('')).toEqual({ date: '', time: '' });
    expect(toInputValue({ date: '2018-08-25', time: '10:05' })).toBe('2018-08-25T10:05');
  });
});
