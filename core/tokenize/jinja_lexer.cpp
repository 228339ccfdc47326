#include "core/tokenize/jinja_lexer.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/tokenize/text_util.h"

namespace core::tokenize::jinja {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int count_lines(std::string_view s) { return int(std::count(s.begin(), s.end(), '\n')); }

class Lexer {
 public:
  Lexer(std::string_view src, const std::string& name) : src_(src), name_(name) {}

  Result<std::vector<Token>> run() {
    bool strip_next = false, trim_next = false;  // what the previous tag asks of the following text
    while (pos_ <= src_.size()) {
      const std::size_t open = next_open(pos_);
      std::string text(src_.substr(pos_, open - pos_));
      const int text_line = line_;
      line_ += count_lines(text);
      if (strip_next) {
        text.erase(0, std::find_if_not(text.begin(), text.end(), is_space) - text.begin());
      } else if (trim_next) {  // trim_blocks: the first newline after a block tag
        if (text.starts_with("\r\n")) text.erase(0, 2);
        else if (text.starts_with("\n")) text.erase(0, 1);
      }
      if (open == src_.size()) {
        push_text(std::move(text), text_line);
        break;
      }
      const char kind = src_[open + 1];  // '{', '%' or '#'
      const char mark = open + 2 < src_.size() ? src_[open + 2] : '\0';
      if (mark == '-') {
        text.erase(std::find_if_not(text.rbegin(), text.rend(), is_space).base(), text.end());
      } else if (kind != '{' && mark != '+') {  // lstrip_blocks: blanks before a block tag on its line
        const std::size_t nl = text.find_last_of('\n');
        const std::size_t from = nl == std::string::npos ? 0 : nl + 1;
        const bool line_start = nl != std::string::npos || at_line_start_;
        if (line_start && text.find_first_not_of(" \t", from) == std::string::npos) text.erase(from);
      }
      push_text(std::move(text), text_line);
      pos_ = open + 2 + ((mark == '-' || mark == '+') ? 1 : 0);
      char close_mark = '\0';
      if (kind == '#') {
        const std::size_t end = src_.find("#}", pos_);
        if (end == std::string_view::npos) return fail_at(line_, "a comment {# is never closed with #}");
        close_mark = end > pos_ ? src_[end - 1] : '\0';
        line_ += count_lines(src_.substr(pos_, end - pos_));
        pos_ = end + 2;
      } else {
        out_.push_back({kind == '{' ? Tok::VarBegin : Tok::BlockBegin, "", line_});
        auto closed = tag_tokens(kind == '{' ? '}' : '%', close_mark);
        if (!closed) return std::unexpected(closed.error());
      }
      strip_next = close_mark == '-';
      trim_next = kind != '{' && close_mark != '+';
      at_line_start_ = false;
    }
    out_.push_back({Tok::End, "", line_});
    return std::move(out_);
  }

 private:
  std::size_t next_open(std::size_t from) const {
    for (std::size_t p = src_.find('{', from); p != std::string_view::npos; p = src_.find('{', p + 1))
      if (p + 1 < src_.size() && (src_[p + 1] == '{' || src_[p + 1] == '%' || src_[p + 1] == '#')) return p;
    return src_.size();
  }

  void push_text(std::string text, int line) {
    if (!text.empty()) out_.push_back({Tok::Text, std::move(text), line});
  }

  std::unexpected<Error> fail_at(int line, const std::string& what) const {
    return fail(ErrorCode::InvalidInput, "template line " + std::to_string(line) + ": " + what, name_);
  }

  // Tokens up to the closing `}}` / `%}`; sets close_mark to '-' or '+' when the tag ends with one.
  Result<void> tag_tokens(char closer, char& close_mark) {
    const int open_line = line_;
    while (true) {
      while (pos_ < src_.size() && is_space(src_[pos_])) line_ += src_[pos_++] == '\n';
      if (pos_ >= src_.size())
        return fail_at(open_line, std::string("a tag opened here is never closed with ") + closer + "}");
      const std::string_view rest = src_.substr(pos_);
      for (const char m : {'-', '+'})
        if (rest.size() >= 3 && rest[0] == m && rest[1] == closer && rest[2] == '}') {
          close_mark = m;
          pos_ += 3;
          out_.push_back({closer == '}' ? Tok::VarEnd : Tok::BlockEnd, "", line_});
          return {};
        }
      if (rest.size() >= 2 && rest[0] == closer && rest[1] == '}') {
        pos_ += 2;
        out_.push_back({closer == '}' ? Tok::VarEnd : Tok::BlockEnd, "", line_});
        return {};
      }
      const char c = rest[0];
      if (std::isalpha(std::uint8_t(c)) || c == '_') {
        std::size_t n = 1;
        while (n < rest.size() && (std::isalnum(std::uint8_t(rest[n])) || rest[n] == '_')) ++n;
        out_.push_back({Tok::Name, std::string(rest.substr(0, n)), line_});
        pos_ += n;
      } else if (std::isdigit(std::uint8_t(c))) {
        std::size_t n = 0;
        while (n < rest.size() && (std::isdigit(std::uint8_t(rest[n])) || rest[n] == '_')) ++n;
        bool is_float = false;
        if (n + 1 < rest.size() && rest[n] == '.' && std::isdigit(std::uint8_t(rest[n + 1]))) {
          is_float = true;
          for (++n; n < rest.size() && std::isdigit(std::uint8_t(rest[n])); ++n) {}
        }
        if (n < rest.size() && (rest[n] == 'e' || rest[n] == 'E')) {
          std::size_t m = n + 1;
          if (m < rest.size() && (rest[m] == '+' || rest[m] == '-')) ++m;
          if (m < rest.size() && std::isdigit(std::uint8_t(rest[m]))) {
            is_float = true;
            for (n = m; n < rest.size() && std::isdigit(std::uint8_t(rest[n])); ++n) {}
          }
        }
        std::string digits(rest.substr(0, n));
        std::erase(digits, '_');
        Token t{is_float ? Tok::Float : Tok::Int, digits, line_};
        if (is_float) {
          t.f = std::strtod(digits.c_str(), nullptr);
        } else if (std::from_chars(digits.data(), digits.data() + digits.size(), t.i).ec != std::errc()) {
          return fail_at(line_, "the number " + digits + " is too large");
        }
        out_.push_back(std::move(t));
        pos_ += n;
      } else if (c == '\'' || c == '"') {
        auto s = string_literal(c);
        if (!s) return std::unexpected(s.error());
      } else {
        static const char* ops[] = {"//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<",
                                    ">",  "=",  "(",  ")",  "[",  "]",  "{", "}", ",", ".", ":", "|"};
        bool found = false;
        for (const char* op : ops)
          if (rest.starts_with(op)) {
            out_.push_back({Tok::Op, op, line_});
            pos_ += std::char_traits<char>::length(op);
            found = true;
            break;
          }
        if (!found) return fail_at(line_, std::string("unexpected character '") + c + "' in a tag");
      }
    }
  }

  Result<void> string_literal(char quote) {
    const int start_line = line_;
    std::string out;
    std::size_t p = pos_ + 1;
    for (; p < src_.size() && src_[p] != quote; ++p) {
      char c = src_[p];
      if (c == '\n') ++line_;
      if (c != '\\' || p + 1 >= src_.size()) {
        out += c;
        continue;
      }
      const char e = src_[++p];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'u': {
          std::uint32_t cp = 0;
          if (p + 4 < src_.size() &&
              std::from_chars(src_.data() + p + 1, src_.data() + p + 5, cp, 16).ptr == src_.data() + p + 5) {
            detail::append_utf8(out, char32_t(cp));
            p += 4;
          } else {
            out += "\\u";
          }
          break;
        }
        default: out += '\\'; out += e;  // Python keeps an unknown escape as written
      }
    }
    if (p >= src_.size()) return fail_at(start_line, "a string literal is never closed");
    out_.push_back({Tok::String, std::move(out), start_line});
    pos_ = p + 1;
    return {};
  }

  std::string_view src_;
  const std::string& name_;
  std::size_t pos_ = 0;
  int line_ = 1;
  bool at_line_start_ = true;
  std::vector<Token> out_;
};

}  // namespace

Result<std::vector<Token>> lex(std::string_view source, const std::string& name) { return Lexer(source, name).run(); }

}  // namespace core::tokenize::jinja
