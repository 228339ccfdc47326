#pragma once
// Finding a session entry (checkpoint, run, prompt, slice, annotation) by its id in a list.
#include <QtGlobal>
#include <algorithm>
#include <vector>

namespace widgets::entries {

template <class Entry>
auto findById(std::vector<Entry>& v, qint64 id) {
  return std::find_if(v.begin(), v.end(), [id](const Entry& e) { return e.id == id; });
}

template <class Entry>
const Entry* entryById(const std::vector<Entry>& v, qint64 id) {
  const auto it = std::find_if(v.begin(), v.end(), [id](const Entry& e) { return e.id == id; });
  return it == v.end() ? nullptr : &*it;
}

}  // namespace widgets::entries
