/** Unified social credit codes (GB 32100-2015): check characters of real codes, and refusal of corrupted ones. */
import { describe, expect, it } from 'vitest';
import { isValidUscc, makeEnterpriseUscc, orgCodeCheckChar, USCC_ALPHABET, usccCheckChar } from '../../io/index.js';

/** Codes as published in business registrations. */
const PUBLISHED = [
  '91350100M000100Y43',
  '914403001922038216', // 华为技术有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '91330100716105852F', // 阿里巴巴（中国）有限公司
  '91520000214434146R', // 贵州茅台酒股份有限公司
  '91440300192317458F', // 比亚迪股份有限公司
  '91110108551385082Q', // 北京小米科技有限责任公司
];

describe('USCC check character', () => {
  it('uses the 31-character alphabet without I, O, S, V, Z', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    expect(USCC_ALPHABET).not.toMatch(/[IOSVZ]/);
  });

  it('reproduces the check character of published codes', () => {
    for (const code of PUBLISHED) {
      expect(usccCheckChar(code.slice(0, 17)), code).toBe(code[17]);
      expect(isValidUscc(code), code).toBe(true);
    }
  });

  it('also reproduces the organisation code check character embedded in them (GB 11714)', () => {
    for (const code of PUBLISHED) expect(orgCodeCheckChar(code.slice(8, 16)), code).toBe(code[16]);
  });

  it('refuses every single-character change and every swap of neighbours that changes the code', () => {
    for (const code of PUBLISHED) {
      for (let i = 0; i < 18; i++) {
        for (const c of USCC_ALPHABET) {
          if (c === code[i]) continue;
          const bad = code.slice(0, i) + c + code.slice(i + 1);
          expect(isValidUscc(bad), bad).toBe(false);
        }
      }
      for (let i = 0; i < 16; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(isValidUscc(swapped), swapped).toBe(false);
      }
    }
  });

  it('refuses wrong lengths, lower case and letters outside the alphabet', () => {
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
    expect(isValidUscc('91350100m000100y43')).toBe(false);
    expect(isValidUscc('91350100M0001O0Y43')).toBe(false); // the letter O
    expect(() => usccCheckChar('91350100M000100Y')).toThrow();
    expect(() => usccCheckChar('9135010OM000100Y4')).toThrow();
  });

  it('makes valid enterprise codes with both check characters', () => {
    const code = makeEnterpriseUscc('340800', '12345678');
    expect(code.slice(0, 16)).toBe('9134080012345678');
    expect(isValidUscc(code)).toBe(true);
    expect(code[16]).toBe(orgCodeCheckChar('12345678'));
    expect(() => makeEnterpriseUscc('3408', '12345678')).toThrow();
  });
});
