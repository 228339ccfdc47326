#include "core/tokenize/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "core/tokenize/text_util.h"

namespace core::tokenize::detail {
namespace {

// One valid UTF-8 run through ICU: a normal form, or the full (locale-independent) lower case, as
// Rust's str::to_lowercase that Hugging Face's Lowercase calls.
std::string norm_transform_run(std::string_view run, NormalizerStep::Kind kind) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(run.data(), std::int32_t(run.size())));
  if (kind == NormalizerStep::Lowercase) {
    u.toLower(icu::Locale::getRoot());
  } else {
    const icu::Normalizer2* n = kind == NormalizerStep::Nfc    ? icu::Normalizer2::getNFCInstance(status)
                                : kind == NormalizerStep::Nfd  ? icu::Normalizer2::getNFDInstance(status)
                                : kind == NormalizerStep::Nfkc ? icu::Normalizer2::getNFKCInstance(status)
                                                               : icu::Normalizer2::getNFKDInstance(status);
    if (U_FAILURE(status)) return std::string(run);  // ICU's data is part of the library; this does not happen
    u = n->normalize(u, status);
    if (U_FAILURE(status)) return std::string(run);
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string norm_transform(const std::string& s, NormalizerStep::Kind kind) {
  std::string out;
  out.reserve(s.size());
  std::size_t run = 0, i = 0;
  while (i < s.size()) {
    const std::size_t n = utf8_char_length(s, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > run) out += norm_transform_run(std::string_view(s).substr(run, i - run), kind);
    out += s[i];
    run = ++i;
  }
  if (s.size() > run) out += norm_transform_run(std::string_view(s).substr(run), kind);
  return out;
}

std::string norm_replace_literal(const std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return s;
  std::string out;
  std::size_t pos = 0;
  for (std::size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
    out.append(s, pos, hit - pos);
    out += to;
  }
  out.append(s, pos);
  return out;
}

std::string norm_replace_regex(const std::string& s, const RegexSplitter& re, std::string_view to) {
  std::string out;
  std::size_t pos = 0;
  for (const auto& m : re.find_all(s)) {
    out.append(s, pos, m.begin - pos);
    out += to;
    pos = m.end;
  }
  out.append(s, pos);
  return out;
}

bool norm_is_space(std::string_view s, std::size_t i, std::size_t n) {
  // Rust's char::is_whitespace (White_Space property), which Strip uses.
  const std::string_view c = s.substr(i, n);
  static constexpr std::string_view kSpaces[] = {
      " ", "\t", "\n", "\v", "\f", "\r", "\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81",
      "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87",
      "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
      "\xE2\x81\x9F", "\xE3\x80\x80"};
  for (const auto sp : kSpaces)
    if (c == sp) return true;
  return false;
}

std::string norm_strip(const std::string& s, bool left, bool right) {
  std::size_t begin = 0, end = s.size();
  if (left)
    while (begin < end) {
      const std::size_t n = utf8_char_length(s, begin);
      if (n == 0 || !norm_is_space(s, begin, n)) break;
      begin += n;
    }
  if (right)
    while (end > begin) {
      std::size_t start = end - 1;
      while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
      const std::size_t n = utf8_char_length(s, start);
      if (n != end - start || !norm_is_space(s, start, n)) break;
      end = start;
    }
  return s.substr(begin, end - begin);
}

}  // namespace

std::string normalize(const std::vector<NormalizerStep>& steps, std::string s) {
  for (const auto& step : steps) {
    switch (step.kind) {
      case NormalizerStep::Prepend:
        if (!s.empty()) s.insert(0, step.text);
        break;
      case NormalizerStep::Replace:
        s = step.regex ? norm_replace_regex(s, *step.regex, step.replacement) : norm_replace_literal(s, step.text, step.replacement);
        break;
      case NormalizerStep::Strip:
        s = norm_strip(s, step.strip_left, step.strip_right);
        break;
      default:
        s = norm_transform(s, step.kind);
        break;
    }
  }
  return s;
}

}  // namespace core::tokenize::detail
