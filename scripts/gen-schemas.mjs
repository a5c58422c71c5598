// Writes the JSON Schemas of our files into public/schema/ (served as /schema/*.schema.json), from
// the core zod schemas through cli/json-schema.ts. Run by `npm run build` before `astro build`.
// Needs Node ≥ 22.18 (it imports TypeScript); `npm run` puts the project's Node first on PATH.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (!(major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18))) {
  console.error(
    `gen-schemas: needs Node.js 22.18 or newer (this is ${process.version}); run it through "npm run build".`,
  );
  process.exit(2);
}

const { bundleJsonSchema, instrumentJsonSchema, reportJsonSchema } = await import('../cli/json-schema.ts');

const dir = path.resolve(import.meta.dirname, '..', 'public', 'schema');
mkdirSync(dir, { recursive: true });
const files = {
  'bundle.schema.json': bundleJsonSchema(),
  'instrument.schema.json': instrumentJsonSchema(),
  'report.schema.json': reportJsonSchema(),
};
for (const [name, schema] of Object.entries(files)) {
  writeFileSync(path.join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
}
console.log(`gen-schemas: wrote ${Object.keys(files).join(', ')} to ${path.relative(process.cwd(), dir) || dir}`);
