// The public surface of core: pages, islands, the CLI and tests import from here.
export * from './text.ts';
export * from './condition.ts';
export * from './instrument.ts';
export * from './instrument-ref.ts';
export * from './period.ts';
export * from './response.ts';
export * from './scoring.ts';
export * from './canonical-json.ts';
export * from './digest.ts';
export * from './messages.ts';
export * from './report.ts';
export * from './bundle.ts';
export * from './code.ts';
export * from './draft.ts';
export * from './collection.ts';
export * from './csv.ts';
export * from './synth.ts';
