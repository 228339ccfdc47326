#include "core/error.h"

namespace core {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput: return "invalid input";
    case ErrorCode::NotFound: return "not found";
    case ErrorCode::Io: return "i/o error";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::Mismatch: return "mismatch";
    case ErrorCode::Corrupt: return "corrupt";
    case ErrorCode::NewerVersion: return "newer version";
    case ErrorCode::ReadOnly: return "read-only";
    case ErrorCode::Locked: return "locked";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal error";
  }
  return "error";
}

std::string Error::what() const {
  std::string s;
  if (!path.empty()) s = path + ": ";
  s += message;
  if (!detail.empty()) s += " (" + detail + ")";
  return s;
}

}  // namespace core
