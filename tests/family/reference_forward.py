#!/usr/bin/env python3
"""Independent float64 reference forward passes for the model families Cartograph reads.

Written from the published Hugging Face modeling code (modeling_llama, modeling_qwen2/3,
modeling_phi3, modeling_olmo2, modeling_gemma2/3, modeling_gpt_neox and modeling_rope_utils), not
from Cartograph's C++: plain PyTorch in float64, one token sequence, eager attention with explicit
masks. Usage: reference_forward.py FOLDER IDS_JSON OUT_JSON; writes {"logprobs": [[...] * V] * T}.
"""
import json
import math
import struct
import sys

import torch

torch.set_default_dtype(torch.float64)
F64 = torch.float64


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        dtype = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}[info["dtype"]]
        out[name] = torch.frombuffer(raw, dtype=dtype).reshape(info["shape"]).to(F64)
    return out


# ---- RoPE (modeling_rope_utils) ----

def inv_freq(base, dim, scaling, max_pos):
    inv = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=F64) / dim))
    attention_factor = 1.0
    if not scaling:
        return inv, attention_factor
    kind = scaling.get("rope_type", scaling.get("type"))
    factor = scaling.get("factor", 1.0)
    if kind in ("default", "dynamic"):
        return inv, attention_factor
    if kind == "linear":
        return inv / factor, attention_factor
    if kind == "llama3":
        low, high = scaling["low_freq_factor"], scaling["high_freq_factor"]
        old = scaling["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / low, old / high
        wavelen = 2 * math.pi / inv
        inv_l = torch.where(wavelen > low_wavelen, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * inv_l / factor + smooth * inv_l
        medium = ~(wavelen < high_wavelen) * ~(wavelen > low_wavelen)
        return torch.where(medium, smoothed, inv_l), attention_factor
    if kind == "yarn":
        orig = scaling.get("original_max_position_embeddings") or max_pos
        beta_fast = scaling.get("beta_fast") or 32
        beta_slow = scaling.get("beta_slow") or 1
        attention_factor = scaling.get("attention_factor")
        if attention_factor is None:
            attention_factor = 1.0 if factor <= 1 else 0.1 * math.log(factor) + 1.0

        def correction_dim(rot):
            return (dim * math.log(orig / (rot * 2 * math.pi))) / (2 * math.log(base))

        low = max(math.floor(correction_dim(beta_fast)), 0)
        high = min(math.ceil(correction_dim(beta_slow)), dim - 1)
        if low == high:
            high += 0.001
        ramp = torch.clamp((torch.arange(dim // 2, dtype=F64) - low) / (high - low), 0, 1)
        extrapolation_factor = 1 - ramp
        pos_freqs = base ** (torch.arange(0, dim, 2, dtype=F64) / dim)
        inv = (1.0 / (factor * pos_freqs)) * (1 - extrapolation_factor) + (1.0 / pos_freqs) * extrapolation_factor
        return inv, attention_factor
    raise ValueError("rope type " + str(kind))


def cos_sin(inv, T, attention_factor):
    freqs = torch.outer(torch.arange(T, dtype=F64), inv)
    emb = torch.cat([freqs, freqs], dim=-1)
    return emb.cos() * attention_factor, emb.sin() * attention_factor


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], dim=-1)


def rope(x, cos, sin):
    """x [heads, T, hd]; cos/sin [T, rd] turn the first rd dimensions (partial rotary)."""
    rd = cos.shape[-1]
    xr, xp = x[..., :rd], x[..., rd:]
    return torch.cat([xr * cos + rotate_half(xr) * sin, xp], dim=-1)


def attention(q, k, v, scale, softcap=None, window=None):
    """q [H, T, hd], k/v [KVH, T, hd] -> [T, H*hd] (repeat_kv, eager)."""
    H, T, hd = q.shape
    rep = H // k.shape[0]
    k = k.repeat_interleave(rep, dim=0)
    v = v.repeat_interleave(rep, dim=0)
    s = (q @ k.transpose(-1, -2)) * scale
    if softcap:
        s = torch.tanh(s / softcap) * softcap
    i = torch.arange(T)[:, None]
    j = torch.arange(T)[None, :]
    masked = j > i
    if window:
        masked = masked | (i - j >= window)
    s = s.masked_fill(masked, float("-inf"))
    return (torch.softmax(s, dim=-1) @ v).transpose(0, 1).reshape(T, H * hd)


def rms(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def gemma_rms(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * (1.0 + w)


def linear(x, W, b=None):
    y = x @ W.T
    return y + b if b is not None else y


def gelu_tanh(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def gelu_erf(x):
    return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))


# ---- the Llama-named families (Llama, Qwen2, Qwen3, Phi-3, OLMo 2) ----

def llama_like(c, W, ids):
    arch = c["architectures"][0]
    T = len(ids)
    d, H = c["hidden_size"], c["num_attention_heads"]
    KVH = c.get("num_key_value_heads") or H
    hd = c.get("head_dim") or d // H
    F = c["intermediate_size"]
    eps = c["rms_norm_eps"]
    rd = int(hd * c.get("partial_rotary_factor", 1.0))
    inv, af = inv_freq(c.get("rope_theta", 10000.0), rd, c.get("rope_scaling"), c["max_position_embeddings"])
    cos, sin = cos_sin(inv, T, af)
    qwen3, olmo2, phi3 = arch == "Qwen3ForCausalLM", arch == "Olmo2ForCausalLM", arch == "Phi3ForCausalLM"
    window = c.get("sliding_window") if phi3 else None
    x = W["model.embed_tokens.weight"][ids]
    for l in range(c["num_hidden_layers"]):
        p = "model.layers.%d." % l
        h = x if olmo2 else rms(x, W[p + "input_layernorm.weight"], eps)
        if phi3:
            qkv = linear(h, W[p + "self_attn.qkv_proj.weight"])
            q, k, v = qkv[:, :H * hd], qkv[:, H * hd:(H + KVH) * hd], qkv[:, (H + KVH) * hd:]
        else:
            q = linear(h, W[p + "self_attn.q_proj.weight"], W.get(p + "self_attn.q_proj.bias"))
            k = linear(h, W[p + "self_attn.k_proj.weight"], W.get(p + "self_attn.k_proj.bias"))
            v = linear(h, W[p + "self_attn.v_proj.weight"], W.get(p + "self_attn.v_proj.bias"))
        if olmo2:  # Olmo2Attention: q_norm/k_norm over the whole projection, before the head split
            q = rms(q, W[p + "self_attn.q_norm.weight"], eps)
            k = rms(k, W[p + "self_attn.k_norm.weight"], eps)
        q = q.view(T, H, hd).transpose(0, 1)
        k = k.view(T, KVH, hd).transpose(0, 1)
        v = v.view(T, KVH, hd).transpose(0, 1)
        if qwen3:  # Qwen3Attention: per-head RMSNorm over head_dim
            q = rms(q, W[p + "self_attn.q_norm.weight"], eps)
            k = rms(k, W[p + "self_attn.k_norm.weight"], eps)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        o = linear(attention(q, k, v, hd ** -0.5, window=window), W[p + "self_attn.o_proj.weight"])
        if olmo2:
            x = x + rms(o, W[p + "post_attention_layernorm.weight"], eps)
            h = x
        else:
            x = x + o
            h = rms(x, W[p + "post_attention_layernorm.weight"], eps)
        if phi3:
            gu = linear(h, W[p + "mlp.gate_up_proj.weight"])
            gate, up = gu[:, :F], gu[:, F:]
        else:
            gate, up = linear(h, W[p + "mlp.gate_proj.weight"]), linear(h, W[p + "mlp.up_proj.weight"])
        m = linear(torch.nn.functional.silu(gate) * up, W[p + "mlp.down_proj.weight"])
        x = x + (rms(m, W[p + "post_feedforward_layernorm.weight"], eps) if olmo2 else m)
    x = rms(x, W["model.norm.weight"], eps)
    head = W["model.embed_tokens.weight"] if c.get("tie_word_embeddings") else W["lm_head.weight"]
    return x @ head.T


# ---- Gemma 2 and Gemma 3 text ----

def gemma(c, W, ids):
    gemma3 = c["architectures"][0] == "Gemma3ForCausalLM"
    T = len(ids)
    d, H = c["hidden_size"], c["num_attention_heads"]
    KVH, hd, eps = c["num_key_value_heads"], c["head_dim"], c["rms_norm_eps"]
    L = c["num_hidden_layers"]
    if "layer_types" in c:
        sliding = [t == "sliding_attention" for t in c["layer_types"]]
    elif gemma3:
        sliding = [bool((l + 1) % c.get("sliding_window_pattern", 6)) for l in range(L)]
    else:
        sliding = [not bool(l % 2) for l in range(L)]
    g_inv, g_af = inv_freq(c["rope_theta"], hd, c.get("rope_scaling"), c["max_position_embeddings"])
    global_cs = cos_sin(g_inv, T, g_af)
    local_cs = global_cs
    if gemma3:
        l_inv, l_af = inv_freq(c.get("rope_local_base_freq", 10000.0), hd, None, c["max_position_embeddings"])
        local_cs = cos_sin(l_inv, T, l_af)
    scale = c["query_pre_attn_scalar"] ** -0.5
    softcap = c.get("attn_logit_softcapping")
    x = W["model.embed_tokens.weight"][ids] * (d ** 0.5)
    for l in range(L):
        p = "model.layers.%d." % l
        h = gemma_rms(x, W[p + "input_layernorm.weight"], eps)
        q = linear(h, W[p + "self_attn.q_proj.weight"]).view(T, H, hd).transpose(0, 1)
        k = linear(h, W[p + "self_attn.k_proj.weight"]).view(T, KVH, hd).transpose(0, 1)
        v = linear(h, W[p + "self_attn.v_proj.weight"]).view(T, KVH, hd).transpose(0, 1)
        if gemma3:
            q = gemma_rms(q, W[p + "self_attn.q_norm.weight"], eps)
            k = gemma_rms(k, W[p + "self_attn.k_norm.weight"], eps)
        cos, sin = local_cs if sliding[l] else global_cs
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        window = c["sliding_window"] if sliding[l] else None
        o = linear(attention(q, k, v, scale, softcap, window), W[p + "self_attn.o_proj.weight"])
        x = x + gemma_rms(o, W[p + "post_attention_layernorm.weight"], eps)
        h = gemma_rms(x, W[p + "pre_feedforward_layernorm.weight"], eps)
        m = gelu_tanh(linear(h, W[p + "mlp.gate_proj.weight"])) * linear(h, W[p + "mlp.up_proj.weight"])
        m = linear(m, W[p + "mlp.down_proj.weight"])
        x = x + gemma_rms(m, W[p + "post_feedforward_layernorm.weight"], eps)
    x = gemma_rms(x, W["model.norm.weight"], eps)
    logits = x @ W["model.embed_tokens.weight"].T
    cap = c.get("final_logit_softcapping")
    if cap:
        logits = torch.tanh(logits / cap) * cap
    return logits


# ---- GPT-NeoX ----

def neox(c, W, ids):
    T = len(ids)
    d, H = c["hidden_size"], c["num_attention_heads"]
    hd = d // H
    eps = c["layer_norm_eps"]
    rd = int(hd * c["rotary_pct"])
    inv, af = inv_freq(c.get("rope_theta", c.get("rotary_emb_base", 10000)), rd, c.get("rope_scaling"),
                       c["max_position_embeddings"])
    cos, sin = cos_sin(inv, T, af)
    act = gelu_erf if c.get("hidden_act", "gelu") == "gelu" else gelu_tanh

    def ln(x, p):
        return torch.nn.functional.layer_norm(x, (d,), W[p + ".weight"], W[p + ".bias"], eps)

    x = W["gpt_neox.embed_in.weight"][ids]
    for l in range(c["num_hidden_layers"]):
        p = "gpt_neox.layers.%d." % l
        h = ln(x, p + "input_layernorm")
        qkv = linear(h, W[p + "attention.query_key_value.weight"], W[p + "attention.query_key_value.bias"])
        qkv = qkv.view(T, H, 3 * hd).transpose(0, 1)  # per head: q | k | v
        q, k, v = qkv[..., :hd], qkv[..., hd:2 * hd], qkv[..., 2 * hd:]
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        a = linear(attention(q, k, v, hd ** -0.5), W[p + "attention.dense.weight"], W[p + "attention.dense.bias"])

        def mlp(y):
            y = act(linear(y, W[p + "mlp.dense_h_to_4h.weight"], W[p + "mlp.dense_h_to_4h.bias"]))
            return linear(y, W[p + "mlp.dense_4h_to_h.weight"], W[p + "mlp.dense_4h_to_h.bias"])

        if c.get("use_parallel_residual", True):
            x = x + a + mlp(ln(x, p + "post_attention_layernorm"))
        else:
            x = x + a
            x = x + mlp(ln(x, p + "post_attention_layernorm"))
    x = ln(x, "gpt_neox.final_layer_norm")
    head = W["gpt_neox.embed_in.weight"] if c.get("tie_word_embeddings") else W["embed_out.weight"]
    return x @ head.T


def main():
    folder, ids_path, out_path = sys.argv[1:4]
    with open(folder + "/config.json") as f:
        c = json.load(f)
    W = read_safetensors(folder + "/model.safetensors")
    with open(ids_path) as f:
        ids = json.load(f)
    arch = c["architectures"][0]
    if arch.startswith("Gemma"):
        logits = gemma(c, W, ids)
    elif arch == "GPTNeoXForCausalLM":
        logits = neox(c, W, ids)
    else:
        logits = llama_like(c, W, ids)
    with open(out_path, "w") as f:
        json.dump({"logprobs": torch.log_softmax(logits, dim=-1).tolist()}, f)


if __name__ == "__main__":
    main()
