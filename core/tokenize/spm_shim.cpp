// cartograph_spm: the loadable module that wraps libsentencepiece behind spm_api.h. Built as a
// MODULE library and opened with dlopen by sentencepiece_tokenizer.cpp; never linked directly.
#include <sentencepiece_processor.h>

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "core/tokenize/spm_api.h"

namespace {

using Processor = sentencepiece::SentencePieceProcessor;

const Processor& proc(const void* h) { return *static_cast<const Processor*>(h); }

void report(cg_spm_text_sink sink, void* context, const std::string& message) {
  if (sink) sink(context, message.data(), message.size());
}

void* load(const char* bytes, std::size_t size, cg_spm_text_sink error, void* context) {
  try {
    auto p = std::make_unique<Processor>();
    const auto status = p->LoadFromSerializedProto(std::string_view(bytes, size));
    if (!status.ok()) {
      report(error, context, status.ToString());
      return nullptr;
    }
    if (p->GetPieceSize() <= 0) {
      report(error, context, "the model has no pieces");
      return nullptr;
    }
    return p.release();
  } catch (const std::exception& e) {
    report(error, context, e.what());
  } catch (...) {
    report(error, context, "unknown exception in SentencePiece");
  }
  return nullptr;
}

void free_handle(void* h) { delete static_cast<Processor*>(h); }

int encode(const void* h, const char* text, std::size_t size, cg_spm_ids_sink out, void* context,
           cg_spm_text_sink error, void* error_context) {
  try {
    std::vector<int> ids;
    const auto status = proc(h).Encode(std::string_view(text, size), &ids);
    if (!status.ok()) {
      report(error, error_context, status.ToString());
      return 1;
    }
    static_assert(sizeof(int) == sizeof(std::int32_t));
    out(context, reinterpret_cast<const std::int32_t*>(ids.data()), ids.size());
    return 0;
  } catch (const std::exception& e) {
    report(error, error_context, e.what());
  } catch (...) {
    report(error, error_context, "unknown exception in SentencePiece");
  }
  return 1;
}

int decode(const void* h, const std::int32_t* ids, std::size_t count, cg_spm_text_sink out, void* context,
           cg_spm_text_sink error, void* error_context) {
  try {
    const std::vector<int> v(ids, ids + count);
    std::string text;
    const auto status = proc(h).Decode(v, &text);
    if (!status.ok()) {
      report(error, error_context, status.ToString());
      return 1;
    }
    out(context, text.data(), text.size());
    return 0;
  } catch (const std::exception& e) {
    report(error, error_context, e.what());
  } catch (...) {
    report(error, error_context, "unknown exception in SentencePiece");
  }
  return 1;
}

int vocab_size(const void* h) { return proc(h).GetPieceSize(); }

void piece(const void* h, int id, cg_spm_text_sink out, void* context) {
  if (id < 0 || id >= proc(h).GetPieceSize()) return;
  const std::string& p = proc(h).IdToPiece(id);
  out(context, p.data(), p.size());
}

float score(const void* h, int id) {
  return id >= 0 && id < proc(h).GetPieceSize() ? proc(h).GetScore(id) : 0.0f;
}

int type(const void* h, int id) {
  const Processor& p = proc(h);
  if (id < 0 || id >= p.GetPieceSize()) return 0;
  return (p.IsUnknown(id) ? CG_SPM_UNKNOWN : 0) | (p.IsControl(id) ? CG_SPM_CONTROL : 0) |
         (p.IsUnused(id) ? CG_SPM_UNUSED : 0) | (p.IsByte(id) ? CG_SPM_BYTE : 0);
}

int special_id(const void* h, int which) {
  const Processor& p = proc(h);
  switch (which) {
    case 0: return p.unk_id();
    case 1: return p.bos_id();
    case 2: return p.eos_id();
    case 3: return p.pad_id();
  }
  return -1;
}

const cg_spm_api kApi = {CARTOGRAPH_SPM_ABI, load, free_handle, encode, decode, vocab_size, piece, score, type,
                         special_id};

}  // namespace

extern "C" __attribute__((visibility("default"))) const cg_spm_api* cartograph_spm_api(void) { return &kApi; }
