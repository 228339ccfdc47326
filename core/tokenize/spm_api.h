#pragma once
// The C interface between cartograph_core and the cartograph_spm module (spm_shim.cpp), which is
// the only code that links libsentencepiece. Why a separate module: libsentencepiece.so.0 exports
// the protobuf it embeds; loaded at startup next to LibTorch's libprotobuf, one resolves to the
// other during static initialisation and the process crashes. Loaded later with dlopen
// (RTLD_LOCAL | RTLD_DEEPBIND), the module keeps its own protobuf to itself.
//
// Results come back through a sink callback (called once, on success) so no memory crosses the
// boundary. Every function catches everything; errors are returned as text.
#include <cstddef>
#include <cstdint>

extern "C" {

#define CARTOGRAPH_SPM_ABI 1

typedef void (*cg_spm_ids_sink)(void* context, const std::int32_t* ids, std::size_t count);
typedef void (*cg_spm_text_sink)(void* context, const char* text, std::size_t size);

enum {
  CG_SPM_UNKNOWN = 1,  // piece type bits
  CG_SPM_CONTROL = 2,
  CG_SPM_UNUSED = 4,
  CG_SPM_BYTE = 8,
};

struct cg_spm_api {
  int abi;
  // Parses a serialized ModelProto. Returns a handle, or null with the reason written to `error`.
  void* (*load)(const char* bytes, std::size_t size, cg_spm_text_sink error, void* context);
  void (*free)(void* handle);
  // 0 on success; otherwise the reason goes to `error`.
  int (*encode)(const void* handle, const char* text, std::size_t size, cg_spm_ids_sink out, void* context,
                cg_spm_text_sink error, void* error_context);
  int (*decode)(const void* handle, const std::int32_t* ids, std::size_t count, cg_spm_text_sink out,
                void* context, cg_spm_text_sink error, void* error_context);
  int (*vocab_size)(const void* handle);
  void (*piece)(const void* handle, int id, cg_spm_text_sink out, void* context);
  float (*score)(const void* handle, int id);
  int (*type)(const void* handle, int id);
  // 0 unk, 1 bos, 2 eos, 3 pad: the id, or -1 when the model defines none.
  int (*special_id)(const void* handle, int which);
};

// The module's single exported symbol.
const cg_spm_api* cartograph_spm_api(void);
}
