#!/usr/bin/python3
"""The PyTorch peer of `cartograph-cli bench`.

Scores the same token ids with the same Hugging Face checkpoint as Cartograph's engine, written the
way a researcher would in plain PyTorch: the model as a few tensor functions over the safetensors
weights (as nanoGPT and the transformers modelling code compute it), logits for each batch of
windows, then log_softmax and the per-token metrics: logp, entropy, rank and top-k, plus
KL(base || tuned) with --tuned. Prints one JSON line on stdout.

Debian ships no safetensors package, so the file is parsed by hand: an 8-byte little-endian header
length, a JSON header, then the raw tensor data.

The benchmark builds this file into cartograph-cli; run by hand:
  /usr/bin/python3 peer_pytorch.py --model DIR --ids FILE --context 1024 --batch 4 --threads 2
where FILE holds little-endian int32 token ids, `context` per document.
"""
import argparse
import json
import math
import os
import struct
import time

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    start = 8 + length
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        size = torch.tensor([], dtype=dtype).element_size()
        if end == begin:
            tensors[name] = torch.zeros(info["shape"])
            continue
        flat = torch.frombuffer(data, dtype=dtype, count=(end - begin) // size, offset=start + begin)
        tensors[name] = flat.reshape(info["shape"]).float()
    return tensors


def read_folder(folder):
    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    index = os.path.join(folder, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    weights = {}
    for name in files:
        weights.update(read_safetensors(os.path.join(folder, name)))
    return config, weights


def causal_mask(T):
    return torch.full((T, T), float("-inf")).triu(1)


class GPT2:
    def __init__(self, config, w):
        prefix = "transformer." if "transformer.wte.weight" in w else ""
        self.w = {k[len(prefix):] if k.startswith(prefix) else k: v for k, v in w.items()}
        self.d, self.heads, self.layers = config["n_embd"], config["n_head"], config["n_layer"]
        self.eps = config.get("layer_norm_epsilon", 1e-5)
        self.gelu = "none" if config.get("activation_function", "gelu_new") == "gelu" else "tanh"

    def __call__(self, ids):
        w, (B, T), d, H = self.w, ids.shape, self.d, self.heads
        hd = d // H
        x = w["wte.weight"][ids] + w["wpe.weight"][:T]
        mask = causal_mask(T)
        for layer in range(self.layers):
            p = f"h.{layer}."
            h = F.layer_norm(x, (d,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], self.eps)
            q, k, v = (h @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]).split(d, dim=-1)
            q, k, v = (t.view(B, T, H, hd).transpose(1, 2) for t in (q, k, v))
            att = (q @ k.transpose(-2, -1)) / math.sqrt(hd) + mask
            y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, d)
            x = x + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
            h = F.layer_norm(x, (d,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], self.eps)
            h = F.gelu(h @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"], approximate=self.gelu)
            x = x + h @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
        x = F.layer_norm(x, (d,), w["ln_f.weight"], w["ln_f.bias"], self.eps)
        return x @ w["wte.weight"].T


class Llama:
    def __init__(self, config, w):
        self.w = w
        d = config["hidden_size"]
        self.heads = config["num_attention_heads"]
        self.kv_heads = config.get("num_key_value_heads", self.heads)
        self.hd, self.layers = d // self.heads, config["num_hidden_layers"]
        self.eps = config.get("rms_norm_eps", 1e-6)
        theta = config.get("rope_theta", 10000.0)
        self.inv_freq = 1.0 / (theta ** (torch.arange(0, self.hd, 2).float() / self.hd))
        tied = config.get("tie_word_embeddings", False)
        self.head = w["model.embed_tokens.weight"] if tied else w["lm_head.weight"]

    def norm(self, x, g):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * g

    def rope(self, x, cos, sin):
        half = self.hd // 2
        return x * cos + torch.cat((-x[..., half:], x[..., :half]), -1) * sin

    def __call__(self, ids):
        w, (B, T), H, KVH, hd = self.w, ids.shape, self.heads, self.kv_heads, self.hd
        freqs = torch.outer(torch.arange(T).float(), self.inv_freq)
        angles = torch.cat((freqs, freqs), -1)
        cos, sin = angles.cos(), angles.sin()
        x = w["model.embed_tokens.weight"][ids]
        mask = causal_mask(T)
        for layer in range(self.layers):
            p = f"model.layers.{layer}."
            h = self.norm(x, w[p + "input_layernorm.weight"])
            q = (h @ w[p + "self_attn.q_proj.weight"].T).view(B, T, H, hd).transpose(1, 2)
            k = (h @ w[p + "self_attn.k_proj.weight"].T).view(B, T, KVH, hd).transpose(1, 2)
            v = (h @ w[p + "self_attn.v_proj.weight"].T).view(B, T, KVH, hd).transpose(1, 2)
            q, k = self.rope(q, cos, sin), self.rope(k, cos, sin)
            k, v = k.repeat_interleave(H // KVH, dim=1), v.repeat_interleave(H // KVH, dim=1)
            att = (q @ k.transpose(-2, -1)) / math.sqrt(hd) + mask
            y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, H * hd)
            x = x + y @ w[p + "self_attn.o_proj.weight"].T
            h = self.norm(x, w[p + "post_attention_layernorm.weight"])
            gate = F.silu(h @ w[p + "mlp.gate_proj.weight"].T)
            x = x + (gate * (h @ w[p + "mlp.up_proj.weight"].T)) @ w[p + "mlp.down_proj.weight"].T
        return self.norm(x, w["model.norm.weight"]) @ self.head.T


def load_model(folder):
    config, weights = read_folder(folder)
    arch = (config.get("architectures") or [config.get("model_type", "")])[0]
    if arch in ("GPT2LMHeadModel", "gpt2"):
        return GPT2(config, weights)
    if arch in ("LlamaForCausalLM", "MistralForCausalLM", "llama", "mistral"):
        return Llama(config, weights)
    raise SystemExit(f"peer_pytorch.py: architecture {arch!r} is not supported")


def token_metrics(logits, targets, top_k, tuned_logits=None):
    """Per-position metrics of one window: logits [T-1, V] predicting targets [T-1]."""
    logprobs = logits.log_softmax(-1)
    logp = logprobs.gather(-1, targets[:, None]).squeeze(-1)
    probs = logprobs.exp()
    m = {
        "logp": logp,
        "entropy": -(probs * logprobs).sum(-1),
        "rank": (logprobs > logp[:, None]).sum(-1) + 1,
    }
    m["top_p"], m["top_ids"] = probs.topk(top_k, -1)
    if tuned_logits is not None:
        m["kl"] = (probs * (logprobs - tuned_logits.log_softmax(-1))).sum(-1)
    return m


def score(model, tuned, ids, batch, top_k, sample):
    """Scores every window; returns (nll sum, scored positions, first window's sample)."""
    nll, count, first = 0.0, 0, None
    for b0 in range(0, len(ids), batch):
        windows = ids[b0:b0 + batch]
        logits = model(windows)
        tuned_logits = tuned(windows) if tuned is not None else None
        for r in range(len(windows)):
            m = token_metrics(logits[r, :-1], windows[r, 1:], top_k,
                              tuned_logits[r, :-1] if tuned_logits is not None else None)
            nll -= m["logp"].double().sum().item()
            count += windows.shape[1] - 1
            if first is None:
                first = {"logp": m["logp"][:sample].tolist(), "entropy": m["entropy"][:sample].tolist(),
                         "rank": m["rank"][:sample].tolist(), "top1": m["top_ids"][:sample, 0].tolist()}
                if "kl" in m:
                    first["kl"] = m["kl"][:sample].tolist()
    return nll, count, first


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--tuned")
    parser.add_argument("--ids", required=True)
    parser.add_argument("--context", type=int, required=True)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--sample", type=int, default=64)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    with open(args.ids, "rb") as f:
        ids = torch.frombuffer(bytearray(f.read()), dtype=torch.int32).long().view(-1, args.context)
    model = load_model(args.model)
    tuned = load_model(args.tuned) if args.tuned else None
    with torch.inference_mode():
        score(model, tuned, ids[:1], 1, args.top_k, 1)  # warm-up: allocator, threads
        best = math.inf
        for _ in range(max(1, args.repeats)):
            start = time.perf_counter()
            nll, count, first = score(model, tuned, ids, args.batch, args.top_k, args.sample)
            best = min(best, time.perf_counter() - start)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "tokens": count,
                      "seconds": best, "tokens_per_second": count / best, "nll_mean": nll / count,
                      "sample": first}, allow_nan=False))


if __name__ == "__main__":
    main()
