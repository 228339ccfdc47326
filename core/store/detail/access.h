#pragma once
// Private to core/store: how the repositories reach the connection inside a Session.
namespace core::store {
class Session;
namespace detail {
class Connection;
Connection& connection(Session& session);
}  // namespace detail
}  // namespace core::store
