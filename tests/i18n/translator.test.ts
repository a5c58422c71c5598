import { describe, expect, it } from 'vitest';
import { fill, makeTr } from '../../src/i18n/translator.ts';

describe('the translator every island and page shares', () => {
  it('fills named places and leaves a place with no value as it is', () => {
    expect(fill('{answered}/{required} câu, {missing}', { answered: 3, required: 24 })).toBe('3/24 câu, {missing}');
  });

  it('shows a missing key as itself, so it is noticed', () => {
    const tr = makeTr({ 'form.progress.label': '{answered}/{required} câu' });
    expect(tr('form.progress.label', { answered: 1, required: 2 })).toBe('1/2 câu');
    expect(tr('form.nothing.label')).toBe('form.nothing.label');
  });
});
