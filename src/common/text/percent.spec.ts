import { percentText } from './percent';

describe('percentText', () => {
  it('keeps the decimal of whole numbers and rounds to one decimal', () => {
    expect(percentText(31)).toBe('31.0%');
    expect(percentText(100)).toBe('100.0%');
    expect(percentText(0)).toBe('0.0%');
    expect(percentText(42.857)).toBe('42.9%');
    expect(percentText(96.55)).toBe('96.6%');
  });

  it('writes a dash when there is no figure', () => {
    expect(percentText(null)).toBe('—');
    expect(percentText(undefined)).toBe('—');
    expect(percentText(Number.NaN)).toBe('—');
  });
});
