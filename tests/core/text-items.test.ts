// textItemsNoRuleReads (core/items.ts): the text questions a form need not score again for while
// they stay written, because no rule reads what they say.
import { describe, expect, it } from 'vitest';
import { textItemsNoRuleReads } from '../../src/core/items.ts';
import { eq, instrument, section, text, yesNo } from '../builders.ts';

describe('text questions no rule reads', () => {
  it('lists the text questions that no condition names', () => {
    const ins = instrument({ sections: [section('s', [yesNo('q', 10), text('note'), text('why')])] });
    expect(textItemsNoRuleReads(ins)).toEqual(['note', 'why']);
  });

  it('leaves out a text question a condition reads, wherever the condition is', () => {
    const ins = instrument({
      sections: [
        section('s', [
          yesNo('q', 10, { appliesWhen: { op: 'answered', item: 'reason' } }),
          text('reason'),
          text('other'),
          yesNo('r', 5, { appliesWhen: { op: 'not', cond: eq('code', 'x') } }),
          text('code'),
        ]),
      ],
    });
    expect(textItemsNoRuleReads(ins)).toEqual(['other']);
  });

  it('has nothing to say about questions that are not text', () => {
    expect(textItemsNoRuleReads(instrument({ sections: [section('s', [yesNo('q', 10)])] }))).toEqual([]);
  });
});
