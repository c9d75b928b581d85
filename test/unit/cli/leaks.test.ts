import { describe, expect, it } from 'vitest';
import { ENUM_WORDS, leaks } from './leaks';

describe('the transcript leak check', () => {
  it('catches JSON, open_ids and English enum names, and passes plain Chinese', () => {
    expect(leaks('[张伟] 点击「下一步」 填写 预估金额=199,999.99,拟采用的采购方式=公开招标')).toEqual([]);
    expect(leaks('   【成功】已同意')).toEqual([]);
    expect(leaks('填写 {"leader":"x"}')).toHaveLength(1);
    expect(leaks('选人 — 选项:ou_3f1a9c2e7b4d')).toHaveLength(1);
    expect(leaks('选项:保洁(cleaning)')).toEqual(['cleaning: 选项:保洁(cleaning)']);
    expect(leaks('公开招标 / competitive_consultation')).toHaveLength(1);
    expect(leaks('预警:below:2025-03、cumulative:2')).toHaveLength(2);
  });

  it('checks the domain arrays, so a value added there is checked too', () => {
    for (const w of [
      'cleaning',
      'security',
      'open_tender',
      'single_source',
      'filer',
      'assessor',
      'zone_committee',
    ])
      expect(ENUM_WORDS).toContain(w);
  });
});
