// Instruments are data: each JSON file under src/content/instruments is checked against the core
// schema when the site is built, so a broken instrument fails `astro build` naming file and field.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { InstrumentSchema } from './core/instrument.ts';

export const collections = {
  instruments: defineCollection({
    loader: glob({ pattern: '*.json', base: './src/content/instruments' }),
    schema: InstrumentSchema,
  }),
  // Superseded versions: checked the same way, read by the collection page so files made with
  // them still open, never offered on the home page or as a form.
  supersededInstruments: defineCollection({
    loader: glob({ pattern: '*.json', base: './src/content/instruments/superseded' }),
    schema: InstrumentSchema,
  }),
};
