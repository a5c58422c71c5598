// The sealed-survey capability's pure part: formats, checks and refusals (see README.md).
export * from '../base64url.ts';
export * from './envelope.ts';
export * from './fingerprint.ts';
export * from './key-backup.ts';
export * from './messages.ts';
export * from './padding.ts';
export * from './shuffle.ts';
export * from './opened.ts';
export { mentionsSealedFormat, SEALED_FORMAT_NAME } from './sniff.ts';
