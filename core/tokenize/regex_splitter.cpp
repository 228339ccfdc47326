#include "core/tokenize/regex_splitter.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/tokenize/text_util.h"

namespace core::tokenize::detail {

struct RegexSplitter::Impl {
  pcre2_code* code = nullptr;
  ~Impl() {
    if (code) pcre2_code_free(code);
  }
};

RegexSplitter::~RegexSplitter() = default;

Result<std::shared_ptr<const RegexSplitter>> RegexSplitter::compile(std::string_view pattern, bool literal) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  const uint32_t options = PCRE2_UTF | (literal ? PCRE2_LITERAL : PCRE2_UCP);  // LITERAL refuses UCP
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options,
                                   &error, &offset, nullptr);
  if (!code) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    return fail(ErrorCode::Unsupported, "cannot compile the pre-tokenizer pattern " + std::string(pattern), {},
                std::string(reinterpret_cast<const char*>(message)) + " at offset " + std::to_string(offset));
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // optional speed-up; matching works without it
  std::shared_ptr<RegexSplitter> splitter(new RegexSplitter());
  splitter->impl_ = std::make_unique<Impl>();
  splitter->impl_->code = code;
  return std::shared_ptr<const RegexSplitter>(std::move(splitter));
}

void RegexSplitter::find_in_valid(std::string_view text, std::size_t base, std::vector<Match>& out) const {
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const int rc = pcre2_match(impl_->code, subject, text.size(), pos, PCRE2_NO_UTF_CHECK, md, nullptr);
    if (rc < 0) break;  // no more matches (or a resource limit: the rest stays a gap)
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    std::size_t begin = ov[0], end = ov[1];
    if (end == begin) {  // empty match: step one character so the loop advances
      if (begin >= text.size()) break;
      pos = begin + std::max<std::size_t>(1, utf8_char_length(text, begin));
      continue;
    }
    out.push_back({base + begin, base + end});
    pos = end;
  }
  pcre2_match_data_free(md);
}

std::vector<RegexSplitter::Match> RegexSplitter::find_all(std::string_view text) const {
  std::vector<Match> out;
  std::size_t run = 0, i = 0;
  while (i < text.size()) {
    const std::size_t n = utf8_char_length(text, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > run) find_in_valid(text.substr(run, i - run), run, out);
    run = ++i;  // the invalid byte is left out of every match
  }
  if (text.size() > run) find_in_valid(text.substr(run), run, out);
  return out;
}

std::vector<std::string_view> RegexSplitter::split_isolated(std::string_view text) const {
  std::vector<std::string_view> pieces;
  std::size_t pos = 0;
  for (const Match& m : find_all(text)) {
    if (m.begin > pos) pieces.push_back(text.substr(pos, m.begin - pos));
    pieces.push_back(text.substr(m.begin, m.end - m.begin));
    pos = m.end;
  }
  if (pos < text.size()) pieces.push_back(text.substr(pos));
  return pieces;
}

}  // namespace core::tokenize::detail
