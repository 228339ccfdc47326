#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (one small valid input per format, plus a few near misses)
into OUT/<target>/. Generated, not committed: the seeds follow the readers' fixtures in tests/unit and
the session schema in core/store/schema.cpp, and never copy the shared real data."""
import json, os, re, sqlite3, struct, sys

out = sys.argv[1] if len(sys.argv) > 1 else "fuzz-seeds"
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CUT = b"\n--8<--\n"


def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# safetensors: u64 header length, JSON header, data (as core/model/safetensors.h reads it).
def safetensors(tensors, metadata=None):
    header, data = {}, b""
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    if metadata:
        header["__metadata__"] = metadata
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data


put("safetensors_header", "two_tensors", safetensors([
    ("wte", "F32", [2, 3], struct.pack("<6f", *range(6))),
    ("ln.bias", "F16", [3], struct.pack("<3e", 0.5, -1.0, 2.0)),
    ("ln.weight", "BF16", [2], b"\x80\x3f\x00\x40")], {"format": "pt"}))
put("safetensors_header", "empty", safetensors([]))

# tokenizer.json: the Llama-style fixture of tests/unit/tokenize_bpe_test.cpp, and a GPT-2 byte-level one.
sp = "\u2581"
vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
for b in range(256):
    vocab["<0x%02X>" % b] = 3 + b
for i, p in enumerate([sp, "a", "b", "ab", sp + "ab", "1", "2", "12"]):
    vocab[p] = 259 + i
special = lambda i, c: {"id": i, "content": c, "special": True, "lstrip": False, "rstrip": False,
                        "single_word": False, "normalized": False}
llama = {
    "version": "1.0",
    "added_tokens": [special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")],
    "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": sp},
                                                       {"type": "Replace", "pattern": {"String": " "}, "content": sp}]},
    "pre_tokenizer": None,
    "post_processor": {"type": "TemplateProcessing",
                       "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                       "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
    "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": sp}, "content": " "},
                                                 {"type": "ByteFallback"}, {"type": "Fuse"},
                                                 {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
    "model": {"type": "BPE", "unk_token": "<unk>", "fuse_unk": True, "byte_fallback": True, "vocab": vocab,
              "merges": ["a b", sp + " ab", "1 2"]},
}
put("tokenizer_json", "llama", json.dumps(llama).encode() + CUT + b'{"add_bos_token": true, "bos_token": "<s>"}')

# GPT-2 byte-level: the 256 byte symbols, a few merges.
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\xa1"), ord("\xac") + 1)) + list(range(ord("\xae"), ord("\xff") + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b); cs.append(256 + n); n += 1
    return [chr(c) for b, c in sorted(zip(bs, cs))]

sym = bytes_to_unicode()
gvocab = {s: i for i, s in enumerate(sym)}
G = sym[ord(" ")]
for m in ["he", "ll", G + "w", "hell", "hello"]:
    gvocab[m] = len(gvocab)
gvocab["<|endoftext|>"] = len(gvocab)
merges = ["h e", "l l", G + " w", "he ll", "hell o"]
gpt2 = {"version": "1.0", "added_tokens": [special(gvocab["<|endoftext|>"], "<|endoftext|>")],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "vocab": gvocab, "merges": merges}}
put("tokenizer_json", "gpt2", json.dumps(gpt2))
put("vocab_merges", "gpt2", json.dumps(gvocab).encode() + CUT + ("#version: 0.2\n" + "\n".join(merges) + "\n").encode())

# llama2.c tokenizer.bin (tests/support/tokenizer_fixtures.h, make_llama2c_bin).
pieces = [("<unk>", 0.0), ("\n<s>\n", 0.0), ("\n</s>\n", 0.0)] + [("<0x%02X>" % b, 0.0) for b in range(256)]
pieces += [(" a", -1.0), ("b", -2.0), (" ab", -0.5), ("12", -3.0)]
tok = struct.pack("<i", max(len(p.encode()) for p, _ in pieces))
for p, s in pieces:
    tok += struct.pack("<fi", s, len(p.encode())) + p.encode()
put("llama2c_tokenizer", "small", tok)

# llama2.c model .bin: legacy float32 layout (core/model/llama2c.cpp), shared and untied classifier.
def llama2c(dim=8, hidden=16, layers=1, heads=2, kv_heads=1, vocab=16, seq=8, shared=True):
    hd = dim // heads
    kv = kv_heads * hd
    floats = vocab * dim + layers * dim + layers * dim * dim + 2 * layers * dim * kv + layers * dim * dim \
        + layers * dim + 3 * layers * dim * hidden + dim + seq * hd + (0 if shared else vocab * dim)
    header = struct.pack("<7i", dim, hidden, layers, heads, kv_heads, vocab if shared else -vocab, seq)
    return header + struct.pack("<%df" % floats, *[((i * 37) % 17 - 8) / 64.0 for i in range(floats)])

put("llama2c_header", "shared", llama2c())
put("llama2c_header", "untied", llama2c(shared=False, layers=2, kv_heads=2))

# JSONL territory: metadata, a broken line, invalid UTF-8, an empty line.
put("jsonl_territory", "mixed", b'{"text": "Once upon a time.", "category": "story", "year": 1901}\n'
    b'not json\n\n{"category": "no text"}\n{"text": "caf\xe9 au lait", "name": "d4"}\n{"text": "\\u00e9t\\u00e9"}\n')
put("jsonl_territory", "plain", "The first line of a plain text.\nAnd a second one.\n")

# Chat templates (Jinja): hand-written ones in the styles of the families' templates (a loop over
# messages with role tests, a system message taken out first, a macro, namespace(), filters, slicing,
# raise_exception), plus, when CARTOGRAPH_TEST_DATA is set, the real templates of its tokenizer_config.json
# files (read at seed time, never committed).
put("jinja", "llama2_style", "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}[INST] {{ m['content'] | trim }} [/INST]"
    "{% elif m['role'] == 'assistant' %} {{ m['content'] }}{{ eos_token }}{% endif %}{% endfor %}")
put("jinja", "chatml_ns", "{%- set ns = namespace(system='') -%}{%- if messages[0].role == 'system' -%}{%- set ns.system = messages[0].content -%}"
    "{%- endif -%}<|im_start|>system\n{{ ns.system or 'You are helpful.' }}<|im_end|>\n{%- for m in messages[1:] if m.role != 'system' %}\n"
    "<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>{%- endfor %}{% if add_generation_prompt %}\n<|im_start|>assistant\n{% endif %}")
put("jinja", "macro_filters", "{% macro turn(r, c) -%}<{{ r | upper }}>{{ c | replace('\n', ' ') | truncate(20) }}{%- endmacro %}"
    "{% for m in messages | reverse %}{{ turn(m.role, m.content) }}{{ loop.index }}/{{ loop.length }}{% if not loop.last %},{% endif %}"
    "{% endfor %}{{ messages | length }}{{ (messages | map(attribute='role') | list | join('+')) }}{{ '%d' % 3 }}")
put("jinja", "raise", "{% if messages[0]['role'] != 'user' %}{{ raise_exception('Conversation roles must alternate') }}{% endif %}"
    "{{ messages[-1]['content'][::-1] }}{{ {'a': 1, 'b': [1, 2]} | tojson }}{{ 7 // 2 }}{{ 'x' ~ 3 ~ none }}")
_data = os.environ.get("CARTOGRAPH_TEST_DATA")
if _data and os.path.isdir(os.path.join(_data, "hf_tokenizers")):
    for fam in sorted(os.listdir(os.path.join(_data, "hf_tokenizers"))):
        cfg = os.path.join(_data, "hf_tokenizers", fam, "tokenizer_config.json")
        if os.path.isfile(cfg):
            tpl = json.load(open(cfg)).get("chat_template")
            if isinstance(tpl, str):
                put("jinja", "real_" + fam, tpl)

# GGUF: tests/support/gguf_fixture.py's writer; one tensor of every type Cartograph reads (random
# blocks), a llama (scores) and a GPT-2 (merges) vocabulary, and a file with metadata only.
sys.path.insert(0, os.path.join(root, "tests", "support"))
import random
from gguf_fixture import write_gguf

rnd = random.Random(17)
def blocks(tname, n):
    size = {"F32": 4, "F16": 2, "BF16": 2, "Q4_0": 18, "Q8_0": 34, "Q4_K": 144, "Q5_K": 176, "Q6_K": 210}[tname]
    per = 1 if size <= 4 else 32 if tname in ("Q4_0", "Q8_0") else 256
    return [n * per], bytes(rnd.randrange(256) for _ in range(n * size))
gguf_tensors = []
for tname in ["F32", "F16", "BF16", "Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"]:
    shape, raw = blocks(tname, 2)
    gguf_tensors.append(("t." + tname.lower(), shape, tname, raw))
gguf_tensors.append(("matrix", [2, 4], "F32", struct.pack("<8f", *range(8))))
llama_tokens = [p for p, _ in pieces]
llama_tokens = [t.replace(" ", sp) for t in llama_tokens]
gguf_path = os.path.join(out, "gguf_seed.tmp")
def gguf_seed(name, metadata, tensors, alignment=32):
    os.makedirs(os.path.join(out, "gguf"), exist_ok=True)
    write_gguf(gguf_path, metadata, tensors, alignment)
    with open(gguf_path, "rb") as f:
        put("gguf", name, f.read())
    os.remove(gguf_path)
gguf_seed("llama", {"general.architecture": "llama", "llama.context_length": 8,
                    "tokenizer.ggml.model": "llama", "tokenizer.ggml.tokens": ("str", llama_tokens),
                    "tokenizer.ggml.scores": ("f32", [s for _, s in pieces]),
                    "tokenizer.ggml.token_type": ("i32", [2, 3, 3] + [6] * 256 + [1] * 4),
                    "tokenizer.ggml.bos_token_id": 1, "tokenizer.ggml.eos_token_id": 2,
                    "tokenizer.ggml.add_bos_token": True}, gguf_tensors)
gpt2_types = [1] * len(gvocab)
gpt2_types[gvocab["<|endoftext|>"]] = 3
gguf_seed("gpt2", {"general.architecture": "gpt2", "general.alignment": 64, "tokenizer.ggml.model": "gpt2",
                   "tokenizer.ggml.pre": "gpt2", "tokenizer.ggml.tokens": ("str", list(gvocab)),
                   "tokenizer.ggml.merges": ("str", merges), "tokenizer.ggml.token_type": ("i32", gpt2_types),
                   "tokenizer.ggml.bos_token_id": gvocab["<|endoftext|>"]}, gguf_tensors[-2:], alignment=64)
gguf_seed("metadata_only", {"general.name": "empty", "general.file_type": 0, "x.ratio": 0.5}, [])

# A session: every migration of core/store/schema.cpp, then a territory with a warning, a run with
# its maps, a slice and a prompt. Small pages keep the seed small.
schema = open(os.path.join(root, "core/store/schema.cpp"), encoding="utf-8").read()
blocks = re.findall(r'R"sql\((.*?)\)sql"', schema, re.S)
version = max(int(v) for v in re.findall(r"\{(\d+), kSchemaV\d+\}", schema))
app_id = int(re.search(r"kApplicationId = (0x[0-9A-Fa-f]+)", open(os.path.join(root, "core/store/schema.h")).read()).group(1), 16)
path = os.path.join(out, "session_seed.tmp")
if os.path.exists(path):
    os.remove(path)
db = sqlite3.connect(path)
db.execute("PRAGMA page_size = 512")
for b in blocks:
    db.executescript(b)
db.execute("PRAGMA user_version = %d" % version)
db.execute("PRAGMA application_id = %d" % app_id)
db.commit()
tables = {r[0]: [c[1] for c in db.execute("PRAGMA table_info(%s)" % r[0])] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
def insert(table, **values):
    cols = [c for c in values if c in tables.get(table, [])]
    if table in tables:
        db.execute("INSERT INTO %s (%s) VALUES (%s)" % (table, ",".join(cols), ",".join("?" * len(cols))), [values[c] for c in cols])
insert("territories", id=1, content_hash="ab" * 32, source="corpus.jsonl", documents=1, bytes=5, added_ms=1)
insert("documents", territory_id=1, doc_index=0, name="d0", byte_length=5, metadata_json='{"category":"story"}')
insert("document_texts", territory_id=1, doc_index=0, text="hello")
insert("territory_warnings", territory_id=1, warning_index=0, path="corpus.jsonl", line=2, byte_offset=40, message="line 2 is not a JSON object; skipped")
insert("checkpoints", id=1, name="base", path="base", format="llama2c", architecture="llama", dtype="float32", sha256="cd" * 32,
       parameters=10, vocab_size=16, context_length=8, config_json="{}", role="base", lineage_order=0, added_ms=1)
insert("runs", id=1, territory_id=1, territory_source="corpus.jsonl", status="complete", prompt="", settings_json="{}",
       versions_json="{}", warnings_json='["corpus.jsonl, line 2, byte 40: skipped"]', window_tokens=8, stride_tokens=4,
       documents_total=1, documents_done=1, created_ms=1, finished_ms=2)
insert("run_maps", run_id=1, map_index=0, checkpoint_id=1, role="base", name="base", path="base", added_vocab=0)
insert("run_summaries", run_id=1, map_index=0, summary_json='{"nll_mean": 1.5, "tokens": 4}')
insert("slices", id=1, name="stories", definition_json='{"kind":"metadata","field":"category","values":["story"]}', created_ms=1, modified_ms=1)
db.commit()
db.execute("VACUUM")
db.close()
with open(path, "rb") as f:
    put("session", "small", f.read())
os.remove(path)
print("seeds written to", out)
