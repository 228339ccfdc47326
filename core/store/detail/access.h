#pragma once
// Private to core/store: how the repositories reach the connection inside a SessionFile.
namespace core::store {
class SessionFile;
namespace detail {
class Connection;
Connection& connection(SessionFile& session);
}  // namespace detail
}  // namespace core::store
