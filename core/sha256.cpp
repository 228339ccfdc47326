#include "core/sha256.h"

#include <openssl/evp.h>

#include <fstream>
#include <new>
#include <vector>

namespace core {

namespace {
EVP_MD_CTX* context(void* p) { return static_cast<EVP_MD_CTX*>(p); }
}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex(context(ctx_), EVP_sha256(), nullptr) != 1) throw std::bad_alloc();
}

Sha256::~Sha256() { EVP_MD_CTX_free(context(ctx_)); }

void Sha256::update(std::span<const std::byte> data) {
  if (!data.empty()) EVP_DigestUpdate(context(ctx_), data.data(), data.size());
}

void Sha256::update(std::string_view text) { update(std::as_bytes(std::span(text.data(), text.size()))); }

std::array<std::uint8_t, 32> Sha256::digest() {
  std::array<std::uint8_t, 32> out{};
  unsigned int n = 0;
  EVP_DigestFinal_ex(context(ctx_), out.data(), &n);
  return out;
}

std::string Sha256::hex() {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (auto b : digest()) s += digits[b >> 4], s += digits[b & 15];
  return s;
}

std::string sha256_hex(std::string_view text) {
  Sha256 h;
  h.update(text);
  return h.hex();
}

Result<std::string> sha256_file(const std::filesystem::path& path, Job& job) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::Io, "cannot open the file to hash it", path.string());
  Sha256 h;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), std::streamsize(buf.size()));
    const auto got = in.gcount();
    if (got <= 0) break;
    h.update(std::as_bytes(std::span(buf.data(), std::size_t(got))));
    if (!job.advance(got)) return fail(ErrorCode::Cancelled, "hashing cancelled", path.string());
  }
  if (in.bad()) return fail(ErrorCode::Io, "reading the file failed", path.string());
  return h.hex();
}

}  // namespace core
