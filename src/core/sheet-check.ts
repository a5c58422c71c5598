// Cross-field checks of the sheet rules (sheet-schema.ts): every id they name exists and has the
// kind the rule needs. Called by the instrument schema; reports each problem with its path.
import type { Condition } from './condition.ts';
import type { Instrument, Item } from './instrument.ts';

type Report = (message: string, path: (string | number)[]) => void;
type CheckCondition = (cond: Condition | undefined, path: (string | number)[]) => void;

/** The parts of an instrument the sheet rules touch (before the schema's own refinement). */
type SheetParts = Pick<Instrument, 'sections' | 'checks' | 'adoption' | 'scorers' | 'memberStatus'>;

function expectKind(
  itemsById: ReadonlyMap<string, Item>,
  id: string,
  kinds: readonly Item['type'][],
  path: (string | number)[],
  report: Report,
): void {
  const item = itemsById.get(id);
  if (!item) report(`unknown item "${id}"`, path);
  else if (!kinds.includes(item.type)) report(`"${id}" is a ${item.type} item, expected ${kinds.join(' or ')}`, path);
}

/** Checks checks, caps, adoption, scorers and member statuses against the items. */
export function checkSheetRules(
  ins: SheetParts,
  itemsById: ReadonlyMap<string, Item>,
  report: Report,
  checkCondition: CheckCondition,
): void {
  const checkIds = new Set<string>();
  (ins.checks ?? []).forEach((rule, ri) => {
    if (checkIds.has(rule.id)) report(`duplicate check id "${rule.id}"`, ['checks', ri, 'id']);
    checkIds.add(rule.id);
    for (const t of [...rule.left, ...rule.right])
      if (t.item !== undefined) expectKind(itemsById, t.item, ['number', 'points'], ['checks', ri], report);
  });

  ins.sections.forEach((section, si) =>
    (section.caps ?? []).forEach((cap, ci) => {
      const path = ['sections', si, 'caps', ci];
      for (const id of cap.items)
        if (!section.items.some((i) => i.id === id))
          report(`"${id}" is not an item of this section`, [...path, 'items']);
      checkCondition(cap.when, [...path, 'when']);
    }),
  );

  const a = ins.adoption;
  if (a) {
    expectKind(itemsById, a.voters, ['number'], ['adoption', 'voters'], report);
    expectKind(itemsById, a.votesFor, ['number'], ['adoption', 'votesFor'], report);
    if (a.upperPresent !== undefined)
      expectKind(itemsById, a.upperPresent, ['yes-no'], ['adoption', 'upperPresent'], report);
    if (a.upperConfirmed !== undefined)
      expectKind(itemsById, a.upperConfirmed, ['yes-no'], ['adoption', 'upperConfirmed'], report);
  }

  const scorerIds = (ins.scorers ?? []).map((s) => s.id);
  if (new Set(scorerIds).size !== scorerIds.length) report('scorer ids must be unique', ['scorers']);
  ins.sections.forEach((section, si) =>
    section.items.forEach((item, ii) => {
      if (item.type !== 'points') return;
      const path = ['sections', si, 'items', ii];
      const first = scorerIds[0];
      if (item.scorer !== undefined && !scorerIds.includes(item.scorer))
        report(`unknown scorer "${item.scorer}"`, [...path, 'scorer']);
      const later = item.scorer !== undefined && item.scorer !== first;
      if (later !== (item.reviews !== undefined))
        report('an entry of a later scoring column names the item it reviews, and only it does', [...path, 'reviews']);
      if (item.reviews !== undefined) {
        const target = section.items.find((i) => i.id === item.reviews);
        if (target?.type !== 'points' || target.reviews !== undefined)
          report(`"${item.reviews}" is not a first-column points item of this section`, [...path, 'reviews']);
        else if (target.max !== item.max) report('a review has the maximum of the item it reviews', [...path, 'max']);
      }
    }),
  );

  const ms = ins.memberStatus;
  if (ms) {
    const item = itemsById.get(ms.item);
    if (item?.type !== 'choice') report(`"${ms.item}" is not a choice item`, ['memberStatus', 'item']);
    else
      ms.leaving.forEach((l, li) => {
        if (!item.options.some((o) => o.id === l.option))
          report(`"${l.option}" is not an option of "${ms.item}"`, ['memberStatus', 'leaving', li, 'option']);
      });
  }
}
