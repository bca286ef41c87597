// functions.json as custom-functions-metadata writes it from src/functions.js: the six KPIMAP
// functions with the parameters, optional flags and result shapes Excel must see, in step with
// the functions the runtime associates.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { FUNCTIONS } from '../src/functions.js';
import { generateMetadata } from '../tools/generate-metadata.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const functionsFile = path.join(here, '..', 'src', 'functions.js');

// name, type, dimensionality ('scalar' when absent), optional
const EXPECTED = {
  STATUS: { params: [['values', 'any', 'matrix', false], ['periods', 'any', 'matrix', false], ['polarity', 'string', 'scalar', false], ['tolerance', 'number', 'scalar', true]], result: { type: 'string' } },
  RAG: { params: [['actual', 'any', 'scalar', false], ['plan', 'any', 'scalar', false], ['directionality', 'string', 'scalar', false], ['amber', 'number', 'scalar', true], ['red', 'number', 'scalar', true]], result: { type: 'string' } },
  TREND: { params: [['values', 'any', 'matrix', false], ['lower_ci', 'any', 'matrix', false], ['upper_ci', 'any', 'matrix', false], ['polarity', 'string', 'scalar', false]], result: { type: 'string' } },
  SPC: { params: [['values', 'any', 'matrix', false]], result: { dimensionality: 'matrix' } },
  PERIOD: { params: [['text', 'any', 'scalar', false]], result: { type: 'string' } },
  WILSON: { params: [['numerator', 'any', 'scalar', false], ['denominator', 'any', 'scalar', false], ['level', 'number', 'scalar', true]], result: { type: 'number', dimensionality: 'matrix' } },
};

test('functions.json has the six functions with their parameters and results', async () => {
  const metadata = await generateMetadata(functionsFile);
  const byId = Object.fromEntries(metadata.functions.map((f) => [f.id, f]));
  assert.deepEqual(Object.keys(byId).sort(), Object.keys(EXPECTED).sort());
  for (const [id, want] of Object.entries(EXPECTED)) {
    const f = byId[id];
    assert.equal(f.name, id);
    assert.ok(f.description.length > 10, `${id} has a description`);
    const got = f.parameters.map((p) => [p.name, p.type, p.dimensionality ?? 'scalar', p.optional === true]);
    assert.deepEqual(got, want.params, `${id} parameters`);
    for (const p of f.parameters) assert.ok(p.description && p.description.length > 5, `${id}.${p.name} has a description`);
    assert.deepEqual(f.result, want.result, `${id} result`);
  }
});

test('every function in the metadata is associated, with as many JavaScript parameters', async () => {
  const metadata = await generateMetadata(functionsFile);
  assert.deepEqual(metadata.functions.map((f) => f.id).sort(), Object.keys(FUNCTIONS).sort());
  for (const f of metadata.functions) assert.equal(FUNCTIONS[f.id].length, f.parameters.length, f.id);
});

test('a JSDoc type Excel cannot take makes generation fail', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kpimap-metadata-'));
  const broken = path.join(dir, 'functions.js');
  writeFileSync(broken, readFileSync(functionsFile, 'utf8').replace('@param {any} text', '@param {Period} text'));
  await assert.rejects(generateMetadata(broken), /does not support type "Period"/);
});
