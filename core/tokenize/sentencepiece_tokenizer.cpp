#include "core/tokenize/sentencepiece_tokenizer.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <vector>

#include "core/tokenize/spm_api.h"
#include "core/tokenize/text_util.h"

namespace core::tokenize {
namespace {

namespace fs = std::filesystem;

void to_string_sink(void* context, const char* text, std::size_t size) {
  static_cast<std::string*>(context)->assign(text, size);
}

void to_ids_sink(void* context, const std::int32_t* ids, std::size_t count) {
  auto* out = static_cast<std::vector<TokenId>*>(context);
  out->insert(out->end(), ids, ids + count);
}

// An installed executable's own module first (../lib/cartograph/ beside it), then the build tree's
// (tests and programs run from the build folder), so an install never picks up a stale build.
std::vector<fs::path> module_candidates() {
  std::vector<fs::path> paths;
#ifdef CARTOGRAPH_SPM_FILE_NAME
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) paths.push_back(exe.parent_path().parent_path() / "lib" / "cartograph" / CARTOGRAPH_SPM_FILE_NAME);
#endif
#ifdef CARTOGRAPH_SPM_BUILD_PATH
  paths.emplace_back(CARTOGRAPH_SPM_BUILD_PATH);
#endif
  return paths;
}

// RTLD_DEEPBIND keeps the module's protobuf to itself (spm_api.h): without it, the protobuf that
// libsentencepiece embeds (3.14) resolves to LibTorch's (3.21) and refuses to run. AddressSanitizer's
// dlopen refuses RTLD_DEEPBIND (google/sanitizers#611: a deep-bound library could reach libc's malloc
// instead of the sanitizer's); the module links the sanitizer's runtime first among its own
// dependencies, so the sanitizer build (-DCARTOGRAPH_SANITIZE=ON) calls glibc's dlopen directly.
void* open_module(const char* path) {
  constexpr int flags = RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND;
#if defined(__SANITIZE_ADDRESS__)
  using Open = void* (*)(const char*, int);
  if (void* libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD))
    if (auto real = reinterpret_cast<Open>(dlsym(libc, "dlopen"))) return real(path, flags);
#endif
  return dlopen(path, flags);
}

// Opens the module once per process; later calls return the same table (or retry after a failure).
Result<const cg_spm_api*> spm_module() {
  static std::mutex mutex;
  static const cg_spm_api* api = nullptr;
  std::lock_guard lock(mutex);
  if (api) return api;
  std::vector<fs::path> candidates;
  const char* env = std::getenv("CARTOGRAPH_SPM_MODULE");
  if (env && *env) candidates.emplace_back(env);  // an explicit choice is the only one tried
  else candidates = module_candidates();
  std::string looked;
  for (const fs::path& path : candidates) {
    looked += (looked.empty() ? "" : ", ") + path.string();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) continue;
    void* lib = open_module(path.c_str());
    if (!lib) {
      const char* why = dlerror();
      return fail(ErrorCode::Io, "cannot load Cartograph's SentencePiece module", path.string(), why ? why : "");
    }
    using Entry = const cg_spm_api* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(lib, "cartograph_spm_api"));
    const cg_spm_api* table = entry ? entry() : nullptr;
    if (!table || table->abi != CARTOGRAPH_SPM_ABI) {
      dlclose(lib);
      return fail(ErrorCode::Mismatch, "Cartograph's SentencePiece module is from another build (interface differs)",
                  path.string());
    }
    api = table;  // kept loaded for the life of the process
    return api;
  }
  return fail(ErrorCode::NotFound,
              "Cartograph's SentencePiece module (cartograph_spm) is missing, so tokenizer.model cannot be read; "
              "looked at " + (looked.empty() ? std::string("nowhere") : looked) +
                  "; set CARTOGRAPH_SPM_MODULE to its path");
}

class SentencePieceTokenizer final : public Tokenizer {
 public:
  SentencePieceTokenizer(const cg_spm_api* api, void* handle) : api_(api), handle_(handle) {
    const int n = api_->vocab_size(handle_);
    pieces_.resize(std::size_t(n));
    types_.resize(std::size_t(n));
    for (int id = 0; id < n; ++id) {
      api_->piece(handle_, id, to_string_sink, &pieces_[std::size_t(id)]);
      types_[std::size_t(id)] = api_->type(handle_, id);
    }
    const auto special = [&](int which) -> std::optional<TokenId> {
      const int id = api_->special_id(handle_, which);
      return id >= 0 && id < n ? std::optional<TokenId>(id) : std::nullopt;
    };
    bos_ = special(1);
    eos_ = special(2);
  }
  ~SentencePieceTokenizer() override { api_->free(handle_); }
  SentencePieceTokenizer(const SentencePieceTokenizer&) = delete;
  SentencePieceTokenizer& operator=(const SentencePieceTokenizer&) = delete;

  std::vector<TokenId> encode(std::string_view text, std::optional<bool> add_bos) const override {
    std::vector<TokenId> ids;
    if (add_bos.value_or(adds_bos()) && bos_) ids.push_back(*bos_);
    std::string error;
    // SentencePiece only fails here on a broken model, which load() has already refused.
    api_->encode(handle_, text.data(), text.size(), to_ids_sink, &ids, to_string_sink, &error);
    return ids;
  }

  std::string decode(std::span<const TokenId> ids) const override {
    std::vector<std::int32_t> valid;
    valid.reserve(ids.size());
    for (const TokenId id : ids)
      if (id >= 0 && id < vocab_size()) valid.push_back(id);
    std::string text, error;
    if (api_->decode(handle_, valid.data(), valid.size(), to_string_sink, &text, to_string_sink, &error) != 0) return {};
    return text;
  }

  std::string token_text(TokenId id) const override {
    if (id < 0 || id >= vocab_size()) return {};
    const std::string& p = pieces_[std::size_t(id)];
    const int type = types_[std::size_t(id)];
    if (type & CG_SPM_BYTE) {
      if (const auto b = detail::parse_byte_token(p)) return detail::byte_display(*b);
    }
    if (type & (CG_SPM_CONTROL | CG_SPM_UNKNOWN)) return p;
    std::string shown;
    for (std::size_t pos = 0; pos < p.size();) {
      if (p.compare(pos, 3, "\xE2\x96\x81") == 0) {  // "▁" is how SentencePiece writes a space
        shown += ' ';
        pos += 3;
      } else {
        shown += p[pos++];
      }
    }
    return shown;
  }

  std::string piece(TokenId id) const override {
    return id >= 0 && id < vocab_size() ? pieces_[std::size_t(id)] : std::string();
  }
  std::int32_t vocab_size() const override { return std::int32_t(pieces_.size()); }
  std::optional<TokenId> bos_id() const override { return bos_; }
  std::optional<TokenId> eos_id() const override { return eos_; }
  bool adds_bos() const override { return bos_.has_value(); }
  std::string kind() const override { return "sentencepiece"; }

 private:
  const cg_spm_api* api_;
  void* handle_;
  std::vector<std::string> pieces_;
  std::vector<int> types_;
  std::optional<TokenId> bos_, eos_;
};

}  // namespace

Result<std::shared_ptr<const Tokenizer>> parse_sentencepiece(std::string_view bytes, const std::string& path) {
  if (bytes.empty()) return fail(ErrorCode::InvalidInput, "the SentencePiece model file is empty", path);
  auto api = spm_module();
  if (!api) return std::unexpected(api.error());
  std::string error;
  void* handle = (*api)->load(bytes.data(), bytes.size(), to_string_sink, &error);
  if (!handle)
    return fail(ErrorCode::InvalidInput, "not a valid SentencePiece model (tokenizer.model)", path, error);
  return std::make_shared<const SentencePieceTokenizer>(*api, handle);
}

Result<std::shared_ptr<const Tokenizer>> load_sentencepiece(const fs::path& path) {
  auto bytes = detail::read_file_bytes(path, std::uintmax_t(512) << 20);
  if (!bytes) return std::unexpected(bytes.error());
  return parse_sentencepiece(*bytes, path.string());
}

}  // namespace core::tokenize
