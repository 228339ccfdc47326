#pragma once
// core::Error and core::Result<T>: how every core operation that can fail on user input reports it.
// An Error names the file and says what is wrong in words a user can act on.
#include <expected>
#include <string>
#include <utility>

namespace core {

enum class ErrorCode {
  InvalidInput,  // the user's file or argument is malformed
  NotFound,      // a file, tensor or key is missing
  Io,            // the operating system refused a read or write
  Unsupported,   // valid, but not something Cartograph handles
  Mismatch,      // two inputs that must agree do not (vocabularies, shapes)
  Corrupt,       // a file fails its own integrity check
  NewerVersion,  // written by a newer Cartograph
  ReadOnly,      // opened read-only where a write was needed
  Locked,        // another process holds the file
  Cancelled,     // the user cancelled the job
  Internal,      // a bug: an invariant broke
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;  // one sentence, no trailing period needed
  std::string path;     // the file concerned, empty when none
  std::string detail;   // optional technical detail (exception text, offsets)

  // "<path>: <message> (<detail>)": the line a user sees after "error: ".
  std::string what() const;
};

template <class T>
using Result = std::expected<T, Error>;

// Shorthand for returning an error: `return core::fail(ErrorCode::InvalidInput, "bad header", path);`
inline std::unexpected<Error> fail(ErrorCode code, std::string message, std::string path = {},
                                   std::string detail = {}) {
  return std::unexpected<Error>(Error{code, std::move(message), std::move(path), std::move(detail)});
}

// Adds a path to an error that lacks one (errors bubbling up from a parser that only saw bytes).
inline Error with_path(Error e, const std::string& path) {
  if (e.path.empty()) e.path = path;
  return e;
}

}  // namespace core
