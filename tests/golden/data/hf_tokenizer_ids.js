// Generates hf_tokenizer_ids/{llama3,qwen3,gemma3}.json: token ids of the real tokenizer.json files in
// DATA_DIR/hf_tokenizers from the independent reference encoder @lenml/tokenizers@3.7.2 (transformers.js's
// tokenizers), plus its decode of those ids and its apply_chat_template of a few conversations.
// Run (outside the repository, e.g. in /tmp/hfref with `npm install @lenml/tokenizers@3.7.2`):
//   NODE_PATH=/tmp/hfref/node_modules node hf_tokenizer_ids.js DATA_DIR OUT_DIR
// Corpus slices store only the file, offsets and ids; the text stays in DATA_DIR.
const fs = require('fs');
const path = require('path');
const { TokenizerLoader } = require('@lenml/tokenizers');

const strings = [
  'the cat sat on the mat',
  'There  is   singing here; the cat is singing!',
  'thethethe catcat ma mat matt',
  '\uff34he ｃａｔ ﬁ 123 12 1 3321 é e\u0301 ü 日本 日本語',
  'xyz qqq ??? -- it\'s',
  'Hello, world! How are you today?',
  "I'm sure you're right; they've said we'll go, she'd agree, it's fine, DON'T worry, CAN'T stop.",
  "'s 't 're 've 'm 'll 'd 'S 'T 'RE ''quoted'' rock'n'roll",
  'a  b   c\t\td\n\n\ne    \n  ',
  '   leading spaces and trailing   ',
  '\n\nnewlines first\r\nCRLF line\r\n\r\n\r\nend\r',
  'tabs\tinside\twords\t\t\tand a trailing tab\t',
  '\t \t  \n \n\t\n',
  'Emoji: 😀🎉👍🏽 family 👨‍👩‍👧‍👦 flags 🇩🇪🇯🇵 and ❤️ 🏳️‍🌈 👩🏾‍💻',
  '日本語のテキストです。中文文本，简体字和繁體字。한국어 텍스트.',
  'e\u0301 cafe\u0301 re\u0301sume\u0301 A\u030a \u212b \u1e9b\u0323 n\u0303 \u0041\u0308\u0304',
  'Composed é vs decomposed e\u0301; Hangul \u1100\u1161\u11a8 vs 각; ﬁ ligature; ① ² ㎏ ｆｕｌｌ',
  'العربية نص عربي مع أرقام ١٢٣ و 456; עברית טקסט עם ניקוד: שָׁלוֹם',
  'naïve café résumé Ελληνικά кириллица हिन्दी ไทย tiếng Việt',
  'def foo(x):\n    return x**2  # square\n\nprint(foo(3))\n',
  'for (int i = 0; i < n; ++i) { sum += a[i]; }  // C++\n\tif (x != y && z >= 0) return -1;\n',
  '<html><body class="main">&amp; &lt;tag&gt;</body></html>',
  'Numbers: 3.14159 2024-01-01 1,000,000 1234567890123456789 0.000000001 ½ ⅓ 42nd 1e-9 ٣',
  '12345678901234567890123456789012345678901234567890',
  'Punctuation!!! ??? ... --- ,,, ;;; :: () [] {} <> «» „“ — – … ‘’ “”',
  'https://example.com/path?query=1&b=two#frag user@example.org',
  'x²+y²=z² ∑∫∂ √2 ≈ 1.414 ∞ ≠ ≤ ≥ → ←',
  'non\u00a0breaking\u2009thin\u200bzero\u200dwidth\u3000ideographic space',
  '<|endoftext|> and <|begin_of_text|>hi<|end_of_text|> and <|eot_id|>',
  '<start_of_turn>user\nHello<end_of_turn>\n<start_of_turn>model\nHi<eos><bos>',
  '<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nhi<|im_end|><think>\n</think>',
  '<s> </s> <unk> <pad> <mask> [multimodal] <unused0>',
  'text<|endoftext|>text <|endoftext|> text\n<|endoftext|>\n',
  'supercalifragilisticexpialidocious antidisestablishmentarianism',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '          many spaces          then words',
  'MiXeD CaSe WORDS and CamelCaseIdentifiers snake_case_names',
  '$100.00 €50 £20 ¥1000 ₹500 #hashtag @mention %percent ^caret &amp;',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '🤖🤖🤖 robots 🦀 crab 🧬 dna 𝕳𝖊𝖑𝖑𝖔 𐍈',
  '\u2581 already a meta space \u2581\u2581 twice',
  'ĠĊ Ġthe chars of the byte table itself: ĀāĂ',
  "''''' \"\"\"\"\" ````` ~~~~~",
  '',
  ' ',
  '\n',
  '  ',
  'a',
];

let seed = 12345;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pool = Array.from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"-()[]{}\n\t\r  éüñßøæçàÀÉ日本語中文한국😀🎉👍🏽∑√€£—…'\u0301\u200d");
for (let i = 0; i < 30; ++i) {
  let s = '';
  const n = 1 + Math.floor(rand() * 60);
  for (let k = 0; k < n; ++k) s += pool[Math.floor(rand() * pool.length)];
  strings.push(s);
}

const conversations = [
  [{ role: 'user', content: 'Hello!' }],
  [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Name a colour.' },
   { role: 'assistant', content: 'Blue.' }, { role: 'user', content: 'Another?' }],
  [{ role: 'user', content: 'Write "hi"\nin two lines.' }, { role: 'assistant', content: 'hi\nhi' }],
];

const [dataDir, outDir] = process.argv.slice(2);
// The three real files, then the small Unigram fixture made for the tests (it lies in OUT_DIR).
for (const family of ['llama3', 'qwen3', 'gemma3', 'unigram_fixture']) {
  const dir = path.join(dataDir, 'hf_tokenizers', family);
  const file = name => family === 'unigram_fixture' ? path.join(outDir, family + '.' + name) : path.join(dir, name);
  const tok = TokenizerLoader.fromPreTrained({
    tokenizerJSON: JSON.parse(fs.readFileSync(file('tokenizer.json'), 'utf8')),
    tokenizerConfig: JSON.parse(fs.readFileSync(file('tokenizer_config.json'), 'utf8')),
  });
  const decode = ids => ids.length === 0 ? "" : tok.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false });
  const cases = strings.map(text => {
    const ids = tok.encode(text, { add_special_tokens: false });
    return { text, ids, with_specials: tok.encode(text), decoded: decode(ids) };
  });
  const slices = [];
  for (const [file, offsets] of [['corpus/tinyshakespeare/input.txt', [0, 654321]],
                                 ['corpus/kjv/kjv.txt', [0, 2000000]]]) {
    if (family === 'unigram_fixture') break;
    const text = fs.readFileSync(path.join(dataDir, file), 'latin1');  // ASCII files: bytes == chars
    for (const offset of offsets) {
      const length = Math.min(3000, text.length - offset);
      slices.push({ file, offset, length, ids: tok.encode(text.substr(offset, length), { add_special_tokens: false }) });
    }
  }
  const chats = [];
  for (const messages of family === 'unigram_fixture' ? [] : conversations)
    for (const add_generation_prompt of [false, true])
      try {  // the reference's Jinja does not parse every real template (Qwen3's `messages[::-1]`)
        chats.push({ messages, add_generation_prompt,
                     text: tok.apply_chat_template(messages, { tokenize: false, add_generation_prompt }) });
      } catch (e) {
        chats.push({ messages, add_generation_prompt, reference_error: String(e.message) });
      }
  const generator = '@lenml/tokenizers@3.7.2 via tests/golden/data/hf_tokenizer_ids.js, node ' + process.version;
  const out = '{"generator": ' + JSON.stringify(generator) + ',\n"family": ' + JSON.stringify(family) +
    ',\n"cases": [\n' + cases.map(c => JSON.stringify(c)).join(',\n') +
    '\n],\n"slices": [\n' + slices.map(c => JSON.stringify(c)).join(',\n') +
    '\n],\n"chats": [\n' + chats.map(c => JSON.stringify(c)).join(',\n') + '\n]}\n';
  fs.writeFileSync(path.join(outDir, family + '.json'), out);
}
