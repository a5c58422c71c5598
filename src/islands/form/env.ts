// What the form's panel parts share: the instrument, its reference, the strings and the form's handle.
import type { Instrument } from '../../core/instrument.ts';
import type { InstrumentRef } from '../../core/instrument-ref.ts';
import type { Tr } from '../../i18n/translator.ts';
import type { FormHandle } from './controller.ts';

/** What the panel's parts need besides the view. */
export interface Env {
  instrument: Instrument;
  ref: InstrumentRef;
  app: string;
  tr: Tr;
  handle: FormHandle;
}
