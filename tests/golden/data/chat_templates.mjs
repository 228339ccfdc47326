// Generates chat_templates/{llama3,qwen3,gemma3}.json: the real chat templates of
// DATA_DIR/hf_tokenizers/<family>/tokenizer_config.json rendered for several conversations by the
// independent reference renderer @huggingface/jinja@0.5.13 (transformers.js's Jinja, with bos_token and
// eos_token from the config as apply_chat_template passes them), and the ids of each rendered text from
// the reference encoder @lenml/tokenizers@3.7.2 (encode(text, {add_special_tokens: false}), as
// apply_chat_template tokenizes). Run outside the repository, e.g. in /tmp/chatref with
// `npm install @huggingface/jinja@0.5.13 @lenml/tokenizers@3.7.2`:
//   NODE_PATH=/tmp/chatref/node_modules node --experimental-default-type=module chat_templates.mjs DATA_DIR OUT_DIR
// (or copy this file into /tmp/chatref and run it there). tests/golden/chat_template_golden_test.cpp reads the output.
import fs from 'fs';
import path from 'path';
import { createRequire } from 'module';
const require = createRequire(path.join(process.env.NODE_PATH || process.cwd(), 'x.js'));
const { Template } = await import(require.resolve('@huggingface/jinja'));
const { TokenizerLoader } = require('@lenml/tokenizers');

const conversations = [
  [{ role: 'user', content: 'Hello!' }],
  [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Name a colour.' }],
  [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Name a colour.' },
   { role: 'assistant', content: 'Blue.' }, { role: 'user', content: 'Another?' }],
  [{ role: 'user', content: 'Write "hi" and \'bye\'\nin two lines: {{ not a tag }} {% nor this %} {# nor #}' },
   { role: 'assistant', content: 'hi\nbye' }, { role: 'user', content: 'Now in 日本語, café, 😀 and a tab\there \\ backslash.' }],
  [{ role: 'user', content: '  padded with spaces and newlines \n\n' }],
  [{ role: 'user', content: 'Why?' }, { role: 'assistant', content: '<think>\nsome reasoning\n</think>\n\nBecause.' },
   { role: 'user', content: 'And then?' }, { role: 'assistant', content: 'Then <b>this</b>.' }],
  [{ role: 'user', content: 'Once upon a time there was a little cat named Tom.' }],
];

const [dataDir, outDir] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
for (const family of ['llama3', 'qwen3', 'gemma3']) {
  const dir = path.join(dataDir, 'hf_tokenizers', family);
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8'));
  const tok = TokenizerLoader.fromPreTrained({
    tokenizerJSON: JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')), tokenizerConfig: config });
  const special = v => (v && typeof v === 'object') ? v.content : v;
  const template = new Template(config.chat_template);
  const chats = [];
  for (const messages of conversations)
    for (const add_generation_prompt of [false, true]) {
      const context = { messages, add_generation_prompt };
      for (const k of ['bos_token', 'eos_token', 'pad_token', 'unk_token'])
        if (special(config[k])) context[k] = special(config[k]);
      try {
        const text = template.render(context);
        chats.push({ messages, add_generation_prompt, text, ids: tok.encode(text, { add_special_tokens: false }) });
      } catch (e) {
        chats.push({ messages, add_generation_prompt, error: String(e.message) });
      }
    }
  const generator = '@huggingface/jinja@0.5.13 + @lenml/tokenizers@3.7.2 via tests/golden/data/chat_templates.mjs, node ' + process.version;
  fs.writeFileSync(path.join(outDir, family + '.json'),
    '{"generator": ' + JSON.stringify(generator) + ',\n"family": ' + JSON.stringify(family) +
    ',\n"chats": [\n' + chats.map(c => JSON.stringify(c)).join(',\n') + '\n]}\n');
}
