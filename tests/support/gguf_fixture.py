#!/usr/bin/python3
"""GGUF fixtures for Cartograph's tests, written independently of the C++ reader.

A GGUF writer (ggml's docs/gguf.md, version 3, little-endian), block quantizers and dequantizers
for Q4_0, Q8_0, Q4_K, Q5_K, Q6_K in numpy float32 (each product and difference rounded to float32
as ggml's reference C does), and converters:

  blocks OUT_DIR            one tensor per type from random blocks (edge scales included) plus each
                            tensor's dequantized values as raw float32 (NAME.f32)
  llama2c BIN TOK OUT TYPE  a llama2.c checkpoint as a llama GGUF: q/k rows go to Hugging Face's
                            layout and back through llama.cpp's permutation, as a real conversion does
  toy OUT_DIR               a tiny random Llama as a Hugging Face folder (config.json,
                            model.safetensors, tokenizer.bin) and as GGUFs model-{f32,f16,q8_0,q4_k}.gguf
  qwen2 OUT_DIR             a tiny random Qwen2 (q/k/v biases, unpermuted q/k) as qwen2-hf/ and qwen2-f32.gguf
  gpt2 OUT_DIR              a tiny random GPT-2 as a Hugging Face folder (Conv1D weights, vocab.json,
                            merges.txt) and as GGUFs gpt2-{f32,q8_0}.gguf (matrices [out, in], as
                            llama.cpp's converter writes them)
"""
import json
import struct
import sys

import numpy as np

QK, QKK = 32, 256
TYPES = {"F32": 0, "F16": 1, "Q4_0": 2, "Q8_0": 8, "Q4_K": 12, "Q5_K": 13, "Q6_K": 14, "BF16": 30}
F32, U32, BOOL, STRING, ARRAY, F32T, I32 = 6, 4, 7, 8, 9, 6, 5


# ---- writer -------------------------------------------------------------------------------------
def gstr(s):
    b = s.encode("utf-8") if isinstance(s, str) else s
    return struct.pack("<Q", len(b)) + b


def gvalue(v):
    """(type id, bytes) of a metadata value: str, bool, int (uint32), float (f32), or a typed list."""
    if isinstance(v, bool):
        return BOOL, struct.pack("<B", v)
    if isinstance(v, int):
        return U32, struct.pack("<I", v)
    if isinstance(v, float):
        return F32, struct.pack("<f", v)
    if isinstance(v, str):
        return STRING, gstr(v)
    kind, items = v  # ("str"|"f32"|"i32", list)
    if kind == "str":
        return ARRAY, struct.pack("<IQ", STRING, len(items)) + b"".join(gstr(s) for s in items)
    code, fmt = {"f32": (F32T, "<f"), "i32": (I32, "<i")}[kind]
    return ARRAY, struct.pack("<IQ", code, len(items)) + b"".join(struct.pack(fmt, x) for x in items)


def write_gguf(path, metadata, tensors, alignment=32):
    """tensors: list of (name, torch-order shape, type name, raw bytes)."""
    out = bytearray(b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(metadata)))
    for key, value in metadata.items():
        t, b = gvalue(value)
        out += gstr(key) + struct.pack("<I", t) + b
    offset, blobs = 0, []
    for name, shape, tname, raw in tensors:
        ne = list(reversed(shape))
        out += gstr(name) + struct.pack("<I", len(ne)) + b"".join(struct.pack("<Q", n) for n in ne)
        out += struct.pack("<IQ", TYPES[tname], offset)
        blobs.append((offset, raw))
        offset += (len(raw) + alignment - 1) // alignment * alignment
    out += b"\0" * (-len(out) % alignment)
    start = len(out)
    for off, raw in blobs:
        out += b"\0" * (start + off - len(out)) + raw
    open(path, "wb").write(bytes(out))


# ---- quantizers (any valid encoding will do: the tests dequantize what is stored) ----------------
def f16(x):
    return np.asarray(x, np.float32).astype(np.float16)


def quant_q8_0(x):
    b = x.reshape(-1, QK).astype(np.float32)
    d = f16(np.abs(b).max(1) / 127)
    inv = np.where(d.astype(np.float32) > 0, 1 / np.maximum(d.astype(np.float32), 1e-30), 0)
    q = np.clip(np.round(b * inv[:, None]), -127, 127).astype(np.int8)
    return b"".join(d[i].tobytes() + q[i].tobytes() for i in range(len(b)))


def pack_scales(sc, m):
    """8 six-bit scales and mins into ggml's 12 bytes (the inverse of get_scale_min_k4)."""
    q = np.zeros(12, np.uint8)
    for j in range(4):
        q[j] = (sc[j] & 63) | ((sc[j + 4] >> 4) << 6)
        q[j + 4] = (m[j] & 63) | ((m[j + 4] >> 4) << 6)
        q[j + 8] = (sc[j + 4] & 0xF) | ((m[j + 4] & 0xF) << 4)
    return q


def quant_q4_k(x):
    out = []
    for blk in x.reshape(-1, QKK).astype(np.float64):
        sub = blk.reshape(8, 32)
        lo = np.minimum(sub.min(1), 0)
        scale = (sub.max(1) - lo) / 15
        d = f16(max(scale.max() / 63, 1e-8)).astype(np.float64)
        dmin = f16(max(-lo.min() / 63, 1e-8)).astype(np.float64)
        sc = np.clip(np.round(scale / d), 0, 63).astype(np.uint8)
        m = np.clip(np.round(-lo / dmin), 0, 63).astype(np.uint8)
        q = np.zeros((8, 32), np.uint8)
        for j in range(8):
            step = d * sc[j]
            if step > 0:
                q[j] = np.clip(np.round((sub[j] + dmin * m[j]) / step), 0, 15)
        qs = np.concatenate([q[2 * k] | (q[2 * k + 1] << 4) for k in range(4)]).astype(np.uint8)
        out.append(f16(d).tobytes() + f16(dmin).tobytes() + pack_scales(sc, m).tobytes() + qs.tobytes())
    return b"".join(out)


# ---- dequantizers (numpy float32, ggml's operation order) ----------------------------------------
def half(raw, n, at, stride):
    a = np.frombuffer(raw, np.uint8).reshape(n, stride)
    return a[:, at:at + 2].copy().view(np.float16).astype(np.float32).reshape(n)


def scale_min(s, j):
    if j < 4:
        return s[:, j] & 63, s[:, j + 4] & 63
    return (s[:, j + 4] & 0xF) | ((s[:, j - 4] >> 6) << 4), (s[:, j + 4] >> 4) | ((s[:, j] >> 6) << 4)


def deq(tname, raw, n):
    if tname == "F32":
        return np.frombuffer(raw, np.float32).copy()
    if tname == "F16":
        return np.frombuffer(raw, np.float16).astype(np.float32)
    if tname == "BF16":
        return (np.frombuffer(raw, np.uint16).astype(np.uint32) << 16).view(np.float32)
    if tname in ("Q4_0", "Q8_0"):
        size = 18 if tname == "Q4_0" else 34
        nb = n // QK
        a = np.frombuffer(raw, np.uint8).reshape(nb, size)
        d = half(raw, nb, 0, size)[:, None]
        if tname == "Q8_0":
            return (a[:, 2:].view(np.int8).astype(np.float32) * d).reshape(-1)
        lo = (a[:, 2:] & 0xF).astype(np.int32) - 8
        hi = (a[:, 2:] >> 4).astype(np.int32) - 8
        return (np.concatenate([lo, hi], 1).astype(np.float32) * d).reshape(-1)
    nb = n // QKK
    if tname in ("Q4_K", "Q5_K"):
        size = 144 if tname == "Q4_K" else 176
        a = np.frombuffer(raw, np.uint8).reshape(nb, size)
        d, dmin = half(raw, nb, 0, size), half(raw, nb, 2, size)
        s = a[:, 4:16]
        qh = a[:, 16:48] if tname == "Q5_K" else None
        ql = a[:, 48:] if tname == "Q5_K" else a[:, 16:]
        y = []
        for j in range(4):
            for half_ in range(2):
                sc, m = scale_min(s, 2 * j + half_)
                dj = d * sc.astype(np.float32)
                mj = dmin * m.astype(np.float32)
                q = ql[:, 32 * j:32 * j + 32]
                q = (q & 0xF) if half_ == 0 else (q >> 4)
                q = q.astype(np.int32)
                if qh is not None:
                    q = q + np.where(qh & (1 << (2 * j + half_)), 16, 0)
                y.append(dj[:, None] * q.astype(np.float32) - mj[:, None])
        return np.concatenate(y, 1).reshape(-1)
    if tname == "Q6_K":
        a = np.frombuffer(raw, np.uint8).reshape(nb, 210)
        d = half(raw, nb, 208, 210)
        sc = a[:, 192:208].view(np.int8).astype(np.float32)
        y = np.zeros((nb, 256), np.float32)
        for n2 in range(2):
            ql, qh = a[:, 64 * n2:64 * n2 + 64].astype(np.int32), a[:, 128 + 32 * n2:160 + 32 * n2].astype(np.int32)
            for l in range(32):
                parts = [(ql[:, l] & 0xF) | (((qh[:, l] >> 0) & 3) << 4), (ql[:, l + 32] & 0xF) | (((qh[:, l] >> 2) & 3) << 4),
                         (ql[:, l] >> 4) | (((qh[:, l] >> 4) & 3) << 4), (ql[:, l + 32] >> 4) | (((qh[:, l] >> 6) & 3) << 4)]
                for k, q in enumerate(parts):
                    y[:, 128 * n2 + l + 32 * k] = (d * sc[:, 8 * n2 + l // 16 + 2 * k]) * (q - 32).astype(np.float32)
        return y.reshape(-1)
    raise ValueError(tname)


# ---- fixtures -----------------------------------------------------------------------------------
EDGE_HALVES = [0x0000, 0x8000, 0x0001, 0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x3C00, 0xBC00, 0x1234]


def random_blocks(tname, nblocks, rng):
    size = {"Q4_0": 18, "Q8_0": 34, "Q4_K": 144, "Q5_K": 176, "Q6_K": 210}[tname]
    a = rng.integers(0, 256, (nblocks, size), dtype=np.uint8)
    a[0, :] = 0xFF  # every quant at its maximum (then scales are fixed below)
    a[1, :] = 0x00  # every quant at zero
    at = [208] if tname == "Q6_K" else [0, 2] if tname in ("Q4_K", "Q5_K") else [0]
    for i in range(nblocks):
        for k, pos in enumerate(at):
            h = EDGE_HALVES[(i + k) % len(EDGE_HALVES)] if i < 2 * len(EDGE_HALVES) else int(rng.integers(0, 0x7C00)) | (int(rng.integers(0, 2)) << 15)
            a[i, pos:pos + 2] = np.frombuffer(struct.pack("<H", h), np.uint8)
    return a.tobytes()


def cmd_blocks(out_dir):
    rng = np.random.default_rng(16)
    rows, cols = 3, 512
    n = rows * cols
    tensors = []
    for tname in ["F32", "F16", "BF16", "Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"]:
        if tname == "F32":
            raw = rng.standard_normal(n).astype(np.float32).tobytes()
        elif tname in ("F16", "BF16"):
            bits = rng.integers(0, 0x10000, n, dtype=np.uint32).astype(np.uint16)
            exp_mask, man_mask = (0x7C00, 0x03FF) if tname == "F16" else (0x7F80, 0x007F)
            nan = ((bits & exp_mask) == exp_mask) & ((bits & man_mask) != 0)
            bits[nan] &= ~np.uint16(exp_mask & ~(exp_mask >> 1))  # NaNs become finite numbers
            bits[:len(EDGE_HALVES)] = EDGE_HALVES if tname == "F16" else [0, 0x8000, 1, 0x7F7F, 0xFF7F, 0x0080, 0x3F80, 0xBF80, 0x7F80, 0xFF80]
            raw = bits.tobytes()
        else:
            raw = random_blocks(tname, n // (QK if tname in ("Q4_0", "Q8_0") else QKK), rng)
        name = tname.lower()
        tensors.append((name, [rows, cols], tname, raw))
        deq(tname, raw, n).astype("<f4").tofile(f"{out_dir}/{name}.f32")
    write_gguf(f"{out_dir}/blocks.gguf", {"general.architecture": "test", "general.alignment": 64}, tensors, 64)


def llama_metadata(d, hidden, layers, heads, kv_heads, ctx, pieces, scores, types):
    return {
        "general.architecture": "llama", "general.name": "fixture",
        "llama.context_length": ctx, "llama.embedding_length": d, "llama.block_count": layers,
        "llama.feed_forward_length": hidden, "llama.attention.head_count": heads,
        "llama.attention.head_count_kv": kv_heads, "llama.rope.dimension_count": d // heads,
        "llama.attention.layer_norm_rms_epsilon": 1e-5, "llama.rope.freq_base": 10000.0,
        "tokenizer.ggml.model": "llama", "tokenizer.ggml.tokens": ("str", pieces),
        "tokenizer.ggml.scores": ("f32", scores), "tokenizer.ggml.token_type": ("i32", types),
        "tokenizer.ggml.bos_token_id": 1, "tokenizer.ggml.eos_token_id": 2, "tokenizer.ggml.add_bos_token": True,
    }


def hf_permute(w, heads):
    """Meta/llama2.c rows (adjacent rotary pairs) to Hugging Face's (halves): convert_llama_weights_to_hf."""
    dim1, dim2 = w.shape
    return w.reshape(heads, dim1 // heads // 2, 2, dim2).transpose(0, 2, 1, 3).reshape(dim1, dim2)


def gguf_permute(w, heads):
    """llama.cpp convert_hf_to_gguf's LlamaModel.permute: Hugging Face rows back to Meta's."""
    return w.reshape(heads, 2, w.shape[0] // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def encode(tname, w):
    w = np.ascontiguousarray(w, np.float32)
    if tname == "F32" or w.ndim == 1:
        return "F32", w.tobytes()
    if tname == "F16":
        return "F16", w.astype(np.float16).tobytes()
    if tname == "Q8_0" and w.shape[-1] % QK == 0:
        return "Q8_0", quant_q8_0(w)
    if tname == "Q4_K" and w.shape[-1] % QKK == 0:
        return "Q4_K", quant_q4_k(w)
    if tname.startswith("Q") and w.shape[-1] % QK == 0:  # rows too short for a K-quant: llama.cpp falls back too
        return "Q8_0", quant_q8_0(w)
    return "F32", w.tobytes()


def gguf_llama(path, meta_weights, heads, kv_heads, tname, metadata):
    """meta_weights: dict of GGUF name -> float32 array in Meta's layout; q/k pass through HF's layout."""
    tensors = []
    for name, w in meta_weights.items():
        if name.endswith("attn_q.weight"):
            w = gguf_permute(hf_permute(w, heads), heads)
        elif name.endswith("attn_k.weight"):
            w = gguf_permute(hf_permute(w, kv_heads), kv_heads)
        t, raw = encode(tname, w)
        tensors.append((name, list(w.shape), t, raw))
    write_gguf(path, metadata, tensors)


def gguf_vocab(pieces):
    """llama2.c pieces (spaces, "\\n<s>\\n") as SentencePiece's (U+2581, "<s>") with token types."""
    out, types = [], []
    for i, p in enumerate(pieces):
        text = p.decode("utf-8", "replace")
        if i in (1, 2):
            text = text.strip("\n")
        out.append(text.replace(" ", "\u2581"))
        types.append(2 if i == 0 else 3 if i in (1, 2) else 6 if 3 <= i < 259 else 1)
    return out, types


def read_llama2c_tokenizer(path):
    b = open(path, "rb").read()
    off, pieces, scores = 4, [], []
    while off < len(b):
        score, n = struct.unpack_from("<fi", b, off)
        pieces.append(b[off + 8:off + 8 + n])
        scores.append(score)
        off += 8 + n
    return pieces, scores


def cmd_llama2c(bin_path, tok_path, out, tname):
    raw = open(bin_path, "rb").read()
    d, hidden, L, H, KVH, V, ctx = struct.unpack_from("<7i", raw)
    shared, V = V > 0, abs(V)
    f = np.frombuffer(raw, np.float32, offset=28)
    hd, kv = d // H, d // H * KVH
    pos = 0

    def take(*shape):
        nonlocal pos
        n = int(np.prod(shape))
        a = f[pos:pos + n].reshape(shape)
        pos += n
        return a
    w = {"token_embd.weight": take(V, d)}
    per = {}
    for key, shape in [("attn_norm", (d,)), ("attn_q", (d, d)), ("attn_k", (kv, d)), ("attn_v", (kv, d)),
                       ("attn_output", (d, d)), ("ffn_norm", (d,)), ("ffn_gate", (hidden, d)),
                       ("ffn_down", (d, hidden)), ("ffn_up", (hidden, d))]:
        per[key] = [take(*shape) for _ in range(L)]
    w["output_norm.weight"] = take(d)
    take(ctx * hd)  # freq_cis tables
    if not shared:
        w["output.weight"] = take(V, d)
    for l in range(L):
        for key, arrays in per.items():
            w[f"blk.{l}.{key}.weight"] = arrays[l]
    pieces, scores = read_llama2c_tokenizer(tok_path)
    names, types = gguf_vocab(pieces)
    gguf_llama(out, w, H, KVH, tname, llama_metadata(d, hidden, L, H, KVH, ctx, names, scores, types))


def toy_vocab():
    pieces = [b"<unk>", b"\n<s>\n", b"\n</s>\n"] + [b"<0x%02X>" % i for i in range(256)]
    merges = [b" t", b"he", b" a", b"in", b" the", b"er", b"an", b" s", b"on", b"ed", b" w", b"re", b"at", b"nd"]
    return pieces + merges, [0.0] * 259 + [-float(i) for i in range(len(merges))]


def cmd_toy(out_dir):
    rng = np.random.default_rng(7)
    pieces, scores = toy_vocab()
    d, hidden, L, H, KVH, V, ctx = 256, 512, 2, 4, 2, len(pieces), 128
    kv = d // H * KVH

    def rand(*shape, scale=0.05):
        return (rng.standard_normal(shape) * scale).astype(np.float32)
    w = {"token_embd.weight": rand(V, d, scale=0.5), "output_norm.weight": 1 + rand(d, scale=0.1), "output.weight": rand(V, d, scale=0.2)}
    for l in range(L):
        for key, shape in [("attn_norm", (d,)), ("attn_q", (d, d)), ("attn_k", (kv, d)), ("attn_v", (kv, d)),
                           ("attn_output", (d, d)), ("ffn_norm", (d,)), ("ffn_gate", (hidden, d)),
                           ("ffn_up", (hidden, d)), ("ffn_down", (d, hidden))]:
            w[f"blk.{l}.{key}.weight"] = 1 + rand(*shape, scale=0.1) if key.endswith("norm") else rand(*shape, scale=0.08)
    names, types = gguf_vocab(pieces)
    meta = llama_metadata(d, hidden, L, H, KVH, ctx, names, scores, types)
    for tname in ["F32", "F16", "Q8_0", "Q4_K"]:
        gguf_llama(f"{out_dir}/model-{tname.lower()}.gguf", w, H, KVH, tname, meta)
    # The same float32 weights as a Hugging Face folder: q/k in Hugging Face's layout.
    hf = {"model.embed_tokens.weight": w["token_embd.weight"], "model.norm.weight": w["output_norm.weight"],
          "lm_head.weight": w["output.weight"]}
    names_hf = {"attn_norm": "input_layernorm", "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
                "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj", "ffn_norm": "post_attention_layernorm",
                "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj", "ffn_down": "mlp.down_proj"}
    for l in range(L):
        for key, hf_key in names_hf.items():
            a = w[f"blk.{l}.{key}.weight"]
            a = hf_permute(a, H) if key == "attn_q" else hf_permute(a, KVH) if key == "attn_k" else a
            hf[f"model.layers.{l}.{hf_key}.weight"] = np.ascontiguousarray(a)
    header, blob = {}, bytearray()
    for name, a in hf.items():
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [len(blob), len(blob) + a.nbytes]}
        blob += a.tobytes()
    h = json.dumps(header).encode()
    open(f"{out_dir}/hf/model.safetensors", "wb").write(struct.pack("<Q", len(h)) + h + bytes(blob))
    json.dump({"architectures": ["LlamaForCausalLM"], "hidden_size": d, "intermediate_size": hidden,
               "num_hidden_layers": L, "num_attention_heads": H, "num_key_value_heads": KVH, "vocab_size": V,
               "max_position_embeddings": ctx, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
               "tie_word_embeddings": False}, open(f"{out_dir}/hf/config.json", "w"))
    tok = bytearray(struct.pack("<i", max(len(p) for p in pieces)))
    for p, s in zip(pieces, scores):
        tok += struct.pack("<fi", s, len(p)) + p
    open(f"{out_dir}/hf/tokenizer.bin", "wb").write(bytes(tok))


def cmd_qwen2(out_dir):
    """A tiny random Qwen2 (q/k/v biases; llama.cpp stores its q/k rows unpermuted, rotated as halves)."""
    import os
    rng = np.random.default_rng(5)
    pieces, scores = toy_vocab()
    d, hidden, L, H, KVH, V, ctx = 64, 96, 2, 4, 2, len(pieces), 64
    kv = d // H * KVH

    def rand(*shape, scale=0.1):
        return (rng.standard_normal(shape) * scale).astype(np.float32)
    hf = {"model.embed_tokens.weight": rand(V, d, scale=0.5), "model.norm.weight": 1 + rand(d), "lm_head.weight": rand(V, d, scale=0.3)}
    g = {"token_embd.weight": hf["model.embed_tokens.weight"], "output_norm.weight": hf["model.norm.weight"],
         "output.weight": hf["lm_head.weight"]}
    parts = [("input_layernorm.weight", "attn_norm.weight", (d,)), ("self_attn.q_proj.weight", "attn_q.weight", (d, d)),
             ("self_attn.q_proj.bias", "attn_q.bias", (d,)), ("self_attn.k_proj.weight", "attn_k.weight", (kv, d)),
             ("self_attn.k_proj.bias", "attn_k.bias", (kv,)), ("self_attn.v_proj.weight", "attn_v.weight", (kv, d)),
             ("self_attn.v_proj.bias", "attn_v.bias", (kv,)), ("self_attn.o_proj.weight", "attn_output.weight", (d, d)),
             ("post_attention_layernorm.weight", "ffn_norm.weight", (d,)), ("mlp.gate_proj.weight", "ffn_gate.weight", (hidden, d)),
             ("mlp.up_proj.weight", "ffn_up.weight", (hidden, d)), ("mlp.down_proj.weight", "ffn_down.weight", (d, hidden))]
    for l in range(L):
        for hf_name, g_name, shape in parts:
            a = 1 + rand(*shape) if "norm" in hf_name else rand(*shape, scale=0.15)
            hf[f"model.layers.{l}.{hf_name}"] = a
            g[f"blk.{l}.{g_name}"] = a
    os.makedirs(f"{out_dir}/qwen2-hf", exist_ok=True)
    write_safetensors(f"{out_dir}/qwen2-hf/model.safetensors", hf)
    json.dump({"architectures": ["Qwen2ForCausalLM"], "hidden_size": d, "intermediate_size": hidden,
               "num_hidden_layers": L, "num_attention_heads": H, "num_key_value_heads": KVH, "vocab_size": V,
               "max_position_embeddings": ctx, "rms_norm_eps": 1e-6, "rope_theta": 1000000.0,
               "tie_word_embeddings": False, "use_sliding_window": False}, open(f"{out_dir}/qwen2-hf/config.json", "w"))
    tok = bytearray(struct.pack("<i", max(len(p) for p in pieces)))
    for p, sc in zip(pieces, scores):
        tok += struct.pack("<fi", sc, len(p)) + p
    open(f"{out_dir}/qwen2-hf/tokenizer.bin", "wb").write(bytes(tok))
    names, types = gguf_vocab(pieces)
    meta = {k.replace("llama.", "qwen2."): v for k, v in llama_metadata(d, hidden, L, H, KVH, ctx, names, scores, types).items()}
    meta["general.architecture"] = "qwen2"
    meta["qwen2.attention.layer_norm_rms_epsilon"] = 1e-6
    meta["qwen2.rope.freq_base"] = 1000000.0
    write_gguf(f"{out_dir}/qwen2-f32.gguf", meta, [(n, list(a.shape), "F32", np.ascontiguousarray(a).tobytes()) for n, a in g.items()])


def write_safetensors(path, named):
    header, blob = {}, bytearray()
    for name, a in named.items():
        a = np.ascontiguousarray(a, np.float32)
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [len(blob), len(blob) + a.nbytes]}
        blob += a.tobytes()
    h = json.dumps(header).encode()
    open(path, "wb").write(struct.pack("<Q", len(h)) + h + bytes(blob))


def byte_chars():
    """GPT-2's bytes_to_unicode table, byte -> character."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) + list(range(ord("\u00ae"), ord("\u00ff") + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for _, c in sorted(zip(bs, cs))]


def cmd_gpt2(out_dir):
    rng = np.random.default_rng(11)
    chars = byte_chars()
    merges = [("\u0120", "t"), ("h", "e"), ("\u0120t", "he"), ("i", "n"), ("\u0120", "a"), ("e", "r"), ("o", "n"), ("\u0120", "s")]
    tokens = chars + [a + b for a, b in merges] + ["<|endoftext|>"]
    V, d, F, L, H, P = len(tokens), 64, 256, 2, 4, 64

    def rand(*shape, scale=0.1):
        return (rng.standard_normal(shape) * scale).astype(np.float32)
    hf = {"transformer.wte.weight": rand(V, d, scale=0.5), "transformer.wpe.weight": rand(P, d, scale=0.1),
          "transformer.ln_f.weight": 1 + rand(d), "transformer.ln_f.bias": rand(d)}
    for l in range(L):
        n = f"transformer.h.{l}."
        hf.update({n + "ln_1.weight": 1 + rand(d), n + "ln_1.bias": rand(d), n + "attn.c_attn.weight": rand(d, 3 * d),
                   n + "attn.c_attn.bias": rand(3 * d), n + "attn.c_proj.weight": rand(d, d), n + "attn.c_proj.bias": rand(d),
                   n + "ln_2.weight": 1 + rand(d), n + "ln_2.bias": rand(d), n + "mlp.c_fc.weight": rand(d, F),
                   n + "mlp.c_fc.bias": rand(F), n + "mlp.c_proj.weight": rand(F, d), n + "mlp.c_proj.bias": rand(d)})
    import os
    os.makedirs(f"{out_dir}/gpt2-hf", exist_ok=True)
    write_safetensors(f"{out_dir}/gpt2-hf/model.safetensors", hf)
    json.dump({"architectures": ["GPT2LMHeadModel"], "n_embd": d, "n_layer": L, "n_head": H, "vocab_size": V,
               "n_positions": P, "n_inner": F, "layer_norm_epsilon": 1e-5}, open(f"{out_dir}/gpt2-hf/config.json", "w"))
    json.dump({t: i for i, t in enumerate(tokens)}, open(f"{out_dir}/gpt2-hf/vocab.json", "w"), ensure_ascii=False)
    open(f"{out_dir}/gpt2-hf/merges.txt", "w", encoding="utf-8").write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    g = {"token_embd.weight": hf["transformer.wte.weight"], "position_embd.weight": hf["transformer.wpe.weight"],
         "output_norm.weight": hf["transformer.ln_f.weight"], "output_norm.bias": hf["transformer.ln_f.bias"],
         "output.weight": hf["transformer.wte.weight"]}
    names = {"ln_1": "attn_norm", "attn.c_attn": "attn_qkv", "attn.c_proj": "attn_output", "ln_2": "ffn_norm",
             "mlp.c_fc": "ffn_up", "mlp.c_proj": "ffn_down"}
    for l in range(L):
        for old, new in names.items():
            w = hf[f"transformer.h.{l}.{old}.weight"]
            g[f"blk.{l}.{new}.weight"] = w if old.startswith("ln") else w.T  # Conv1D [in, out] -> [out, in]
            g[f"blk.{l}.{new}.bias"] = hf[f"transformer.h.{l}.{old}.bias"]
    meta = {"general.architecture": "gpt2", "gpt2.context_length": P, "gpt2.embedding_length": d,
            "gpt2.feed_forward_length": F, "gpt2.block_count": L, "gpt2.attention.head_count": H,
            "gpt2.attention.layer_norm_epsilon": 1e-5, "tokenizer.ggml.model": "gpt2", "tokenizer.ggml.pre": "gpt-2",
            "tokenizer.ggml.tokens": ("str", tokens), "tokenizer.ggml.token_type": ("i32", [1] * (V - 1) + [3]),
            "tokenizer.ggml.merges": ("str", [f"{a} {b}" for a, b in merges]),
            "tokenizer.ggml.bos_token_id": V - 1, "tokenizer.ggml.eos_token_id": V - 1}
    for tname in ["F32", "Q8_0"]:
        tensors = []
        for name, w in g.items():
            t, raw = encode(tname, w)
            tensors.append((name, list(w.shape), t, raw))
        write_gguf(f"{out_dir}/gpt2-{tname.lower()}.gguf", meta, tensors)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "blocks":
        cmd_blocks(*args)
    elif cmd == "llama2c":
        cmd_llama2c(*args)
    elif cmd == "qwen2":
        cmd_qwen2(*args)
    elif cmd == "gpt2":
        cmd_gpt2(*args)
    elif cmd == "toy":
        import os
        os.makedirs(f"{args[0]}/hf", exist_ok=True)
        cmd_toy(*args)
    else:
        sys.exit(f"unknown command {cmd}")
