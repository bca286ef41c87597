#!/usr/bin/env node
// Writes functions.json (the custom functions' metadata Excel reads) from the JSDoc of
// src/functions.js with custom-functions-metadata. Fails, writing nothing, when the generator
// reports an error (an unknown type, a missing @customfunction id, a duplicate).
//   node tools/generate-metadata.js src/functions.js dist/functions.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { generateCustomFunctionsMetadata } = require('custom-functions-metadata');

/** The metadata of `input` as an object; throws with the generator's errors. */
export async function generateMetadata(input) {
  const result = await generateCustomFunctionsMetadata(input, false);
  if (result.errors && result.errors.length > 0) {
    throw new Error(`custom-functions-metadata: ${result.errors.join('; ')}`);
  }
  return JSON.parse(result.metadataJson);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: generate-metadata.js FUNCTIONS.js OUTPUT.json');
    process.exit(2);
  }
  try {
    const metadata = await generateMetadata(input);
    mkdirSync(path.dirname(output), { recursive: true });
    writeFileSync(output, `${JSON.stringify(metadata, null, 2)}\n`);
    console.log(`${output}: ${metadata.functions.length} functions`);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
