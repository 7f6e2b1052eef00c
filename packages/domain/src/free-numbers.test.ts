import { describe, expect, it } from 'vitest';
import { FREE_SHORT_NUMBERS, isFreeOrEmergencyNumber, nationalForm } from './free-numbers.ts';

describe('isFreeOrEmergencyNumber (INV-5)', () => {
  it.each([
    '112', '100', '101', '110', '1712', '105', '106', '107', '116000', '116111', '116117', '1207', '1307',
    '+32112', '+32 112', '0032112', '+321712',
    '080012345', '0800 12 345', '0800/12.345', '+3280012345', '+32 800 12 345', '003280012345', '0808123456', '+32808123456',
  ])('drops %j', (destination) => {
    expect(isFreeOrEmergencyNumber(destination)).toBe(true);
  });

  it.each([
    '+32470000001', '0470000001', '022123456', '+3222123456', '1120', '11', '17120', '0900123456', '+4480012345',
    '+33112', '+31800123456', '1999', '', null, undefined,
  ])('keeps %j', (destination) => {
    expect(isFreeOrEmergencyNumber(destination)).toBe(false);
  });

  it('every short number is dropped in both forms', () => {
    for (const n of FREE_SHORT_NUMBERS) {
      expect(isFreeOrEmergencyNumber(n)).toBe(true);
      expect(isFreeOrEmergencyNumber(`+32${n}`)).toBe(true);
    }
  });

  it('nationalForm', () => {
    expect(nationalForm('+32 800 12 345')).toBe('080012345');
    expect(nationalForm('+32112')).toBe('112');
    expect(nationalForm('+32470000001')).toBe('0470000001');
    expect(nationalForm('+33612345678')).toBe('+33612345678');
  });
});
