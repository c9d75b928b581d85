import { describe, expect, it } from 'vitest';
import { actionValue } from '../../../src/cards/values';
import { isRealDate, isRealMonth, parseDate } from '../../../src/domain/business-date';
import { DomainError } from '../../../src/domain/errors';
import { formList, formText, formTexts, MAX_FIELD_CHARS } from '../../../src/domain/form';
import { keyOf, oneOf } from '../../../src/domain/one-of';
import { METHODS } from '../../../src/domain/purchase-fields';
import { validateStep } from '../../../src/domain/purchase-validate';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return `${e.code}:${e.message}`;
    throw e;
  }
  return undefined;
};

describe('button values (cards/values)', () => {
  const ok = (v: unknown) => actionValue.safeParse(v).success;
  it('ids are positive int32', () => {
    expect(ok({ a: 'contract.show', contract: 1 })).toBe(true);
    expect(ok({ a: 'contract.show', contract: 2147483647 })).toBe(true);
    for (const contract of [0, -1, 2147483648, 2 ** 53, 1.5, '1'])
      expect(ok({ a: 'contract.show', contract })).toBe(false);
  });
  it('unknown keys are refused (strict)', () => {
    expect(ok({ a: 'menu.show', x: 1 })).toBe(false);
    expect(ok(JSON.parse('{"a":"menu.show","__proto__":{"x":1}}'))).toBe(false);
  });
  it('months are real', () => {
    expect(ok({ a: 'score.form', contract: 1, month: '2026-12' })).toBe(true);
    for (const month of ['2026-13', '2026-00', '2026-1', '__proto__', '2026-02-01'])
      expect(ok({ a: 'score.form', contract: 1, month })).toBe(false);
  });
  it('a forged __proto__ deduction is refused, not dropped', () => {
    const base = { a: 'score.confirm', contract: 1, month: '2026-05', m: 900 };
    const good = actionValue.safeParse({ ...base, d: { area_cleanliness: [10, '地面不洁'] } });
    expect(good.success && good.data.a === 'score.confirm' && good.data.d).toEqual({
      area_cleanliness: [10, '地面不洁'],
    });
    expect(
      actionValue.safeParse(JSON.parse(JSON.stringify(base).replace('}', ',"d":{"__proto__":[10,"x"]}}')))
        .success,
    ).toBe(false);
    expect(actionValue.safeParse({ ...base, d: { 'A-B': [10, 'x'] } }).success).toBe(false);
    expect(actionValue.safeParse({ ...base, d: { x: [10, 'a\u0000b'] } }).success).toBe(false);
  });
  it('control characters and shapes are refused in string fields', () => {
    expect(ok({ a: 'settlement.confirm', contract: 1, period: '第1期' })).toBe(true);
    expect(ok({ a: 'settlement.confirm', contract: 1, period: '第1期\u0000' })).toBe(false);
    expect(ok({ a: 'rectification.attach', item: 1, msg: 'om_1', key: 'img_v2_a-b' })).toBe(true);
    expect(ok({ a: 'rectification.attach', item: 1, msg: 'om 1', key: 'x' })).toBe(false);
  });
});

describe('form fields (domain/form)', () => {
  it('a field past its limit is refused, naming the field', () => {
    expect(refusal(() => formText({ evidence: 'x'.repeat(MAX_FIELD_CHARS) }, 'evidence'))).toBeUndefined();
    expect(refusal(() => formText({ evidence: '长'.repeat(MAX_FIELD_CHARS + 1) }, 'evidence'))).toBe(
      'bad_input:「依据」最多1000字,当前1001字,请精简后重试',
    );
    expect(refusal(() => formText({ vendor_name: 'x'.repeat(101) }, 'vendor_name'))).toMatch(
      /「供应商名称」最多100字,当前101字/,
    );
    expect(refusal(() => formText({ finding_2: '长'.repeat(1203) }, 'finding_2'))).toBe(
      'bad_input:「问题2的描述」最多1000字,当前1203字,请精简后重试',
    );
    // Counted as the card's counter counts: 1000 emoji are 1000 characters (2000 UTF-16 units).
    expect(formText({ evidence: '😀'.repeat(MAX_FIELD_CHARS) }, 'evidence')).toHaveLength(
      2 * MAX_FIELD_CHARS,
    );
  });
  it('NUL and other controls are refused; tab and line breaks are kept', () => {
    expect(refusal(() => formText({ notes: 'a\u0000b' }, 'notes'))).toMatch(
      /^bad_input:「抽查说明」含有不可见的控制字符,请删除后重试$/,
    );
    // DEL, C1, the noncharacters U+FFFE/U+FFFF and a lone surrogate (PostgreSQL would store U+FFFD).
    for (const bad of ['a\u007fb', 'a\u0085b', 'a\ufffeb', 'a\uffffb', 'a\ud800b', 'a\udc00'])
      expect(
        refusal(() => formText({ notes: bad }, 'notes')),
        JSON.stringify(bad),
      ).toMatch(/^bad_input/);
    // A character outside the BMP (a surrogate pair) is ordinary text.
    expect(formText({ notes: '好😀' }, 'notes')).toBe('好😀');
    expect(refusal(() => formText({ notes: 'a\u001bb' }, 'notes'))).toMatch(/^bad_input/);
    expect(refusal(() => formList({ units: ['1', '2\u0000'] }, 'units'))).toMatch(/^bad_input/);
    expect(formText({ notes: '第一行\n第二行\t完' }, 'notes')).toBe('第一行\n第二行\t完');
  });
  it('a forged field name is never echoed and __proto__ stays an ordinary key', () => {
    const forged = JSON.parse(`{"${'z'.repeat(500)}":"a\\u0000","__proto__":"x"}`);
    const message = refusal(() => formTexts(forged)) ?? '';
    expect(message).not.toContain('zzz');
    const typed = formTexts(JSON.parse('{"__proto__":"x","d_a":"1"}'));
    expect(Object.getPrototypeOf(typed)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(typed, '__proto__')?.value).toBe('x');
  });
  it('date fields take only real calendar dates', () => {
    expect(formText({ starts_on: '2027-01-31 +0800' }, 'starts_on')).toBe('2027-01-31 +0800');
    expect(formText({ due_2: '' }, 'due_2')).toBe('');
    expect(refusal(() => formText({ starts_on: '2026-02-30 +0800' }, 'starts_on'))).toBe(
      'bad_input:「服务开始日期」不是有效日期,请用日期选择器重新选择',
    );
    expect(refusal(() => formText({ due_1: '2026-13-01' }, 'due_1'))).toMatch(/^bad_input:「整改期限」/);
  });
  it('lists are bounded', () => {
    expect(
      refusal(() => formList({ units: Array.from({ length: 201 }, (_, i) => String(i)) }, 'units')),
    ).toMatch(/^bad_input/);
  });
});

describe('enum lookups and dates', () => {
  it('own properties only', () => {
    for (const v of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(keyOf(METHODS, v)).toBeUndefined();
      expect(oneOf(['a', 'b'] as const, v)).toBeUndefined();
    }
    expect(keyOf(METHODS, 'open_tender')).toBe('open_tender');
    const refs = { lines: new Map(), rolesIn: () => new Set<string>() };
    expect(validateStep(3, { amount: '100', method: 'constructor' }, refs).method).toBe(
      '请选择拟采用的采购方式',
    );
  });
  it('real calendar dates', () => {
    expect(isRealDate('2028-02-29')).toBe(true);
    for (const d of ['2026-02-30', '2026-13-01', '2026-00-10', '2026-2-3', ''])
      expect(isRealDate(d)).toBe(false);
    expect(parseDate('2027-01-31 +0800')).toBe('2027-01-31');
    expect(parseDate('2026-02-30 +0800')).toBeUndefined();
    expect(isRealMonth('2026-12')).toBe(true);
    expect(isRealMonth('2026-13')).toBe(false);
  });
});
