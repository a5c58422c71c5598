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
};
