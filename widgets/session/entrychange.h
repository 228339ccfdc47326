#pragma once
// widgets::EntryChange: what an edit did to one of the Session's lists (checkpoints, runs, prompts,
// slices, annotations), so that item models insert, remove or update rows instead of resetting.
// The Session announces each change twice: entriesAboutToChange before the list changes (models call
// begin*Rows there) and the list's own xChanged signal after it (models call end*Rows / dataChanged).
#include <QMetaType>
#include <algorithm>
#include <vector>

namespace widgets {

enum class EntryList { Checkpoints, Territories, Runs, Prompts, Slices, Annotations };

struct EntryChange {
  enum class Type { Reset, Inserted, Removed, Changed, None };
  Type type = Type::Reset;
  int first = 0, last = -1;  // rows: of the list after the change (Inserted, Changed), before it (Removed)
};

// The change that turns `before` into `after`, comparing entries by id (then by value): one row
// inserted or removed, a range of rows edited in place, nothing, or else a reset (moves, several edits).
template <class Entry>
EntryChange diffEntries(const std::vector<Entry>& before, const std::vector<Entry>& after) {
  const auto sameId = [](const Entry& a, const Entry& b) { return a.id == b.id; };
  if (before.size() == after.size()) {
    if (!std::equal(before.begin(), before.end(), after.begin(), sameId)) return {};
    int first = -1, last = -1;
    for (std::size_t i = 0; i < before.size(); ++i)
      if (!(before[i] == after[i])) {
        if (first < 0) first = int(i);
        last = int(i);
      }
    if (first < 0) return {EntryChange::Type::None, 0, -1};
    return {EntryChange::Type::Changed, first, last};
  }
  const bool inserted = after.size() == before.size() + 1;
  const bool removed = before.size() == after.size() + 1;
  if (!inserted && !removed) return {};
  const auto& longer = inserted ? after : before;
  const auto& shorter = inserted ? before : after;
  std::size_t row = 0;
  while (row < shorter.size() && sameId(shorter[row], longer[row]) && shorter[row] == longer[row]) ++row;
  if (!std::equal(shorter.begin() + std::ptrdiff_t(row), shorter.end(), longer.begin() + std::ptrdiff_t(row) + 1))
    return {};
  return {inserted ? EntryChange::Type::Inserted : EntryChange::Type::Removed, int(row), int(row)};
}

}  // namespace widgets

Q_DECLARE_METATYPE(widgets::EntryChange)
