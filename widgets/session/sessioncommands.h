#pragma once
// The QUndoCommand behind every user edit of a Session: each replaces one list of entries (checkpoints,
// prompts, slices or annotations) with an edited copy and back. The lists are short, so storing both
// copies keeps every command trivially correct and its undo exact. When a save gives entries made in
// the GUI their store ids, Session rewrites the copies on the stack too (remapIds), so undoing or
// redoing later addresses the rows the file holds.
#include <QUndoCommand>
#include <algorithm>
#include <map>
#include <vector>

#include "core/store/edits.h"
#include "widgets/session/session.h"

namespace widgets {

// The store ids a save gave to the entries of one kind (provisional id -> store id).
inline const std::map<std::int64_t, std::int64_t>& savedIds(const core::store::SavedEdits& s, const CheckpointEntry*) {
  return s.checkpoints;
}
inline const std::map<std::int64_t, std::int64_t>& savedIds(const core::store::SavedEdits& s, const PromptEntry*) {
  return s.prompts;
}
inline const std::map<std::int64_t, std::int64_t>& savedIds(const core::store::SavedEdits& s, const SliceEntry*) {
  return s.slices;
}
inline const std::map<std::int64_t, std::int64_t>& savedIds(const core::store::SavedEdits& s, const AnnotationEntry*) {
  return s.annotations;
}

// Replaces provisional ids in `entries` by the store's; true when one changed.
template <class Entry>
bool remapIds(std::vector<Entry>& entries, const core::store::SavedEdits& saved) {
  const auto& ids = savedIds(saved, static_cast<const Entry*>(nullptr));
  bool changed = false;
  for (Entry& e : entries) {
    if (const auto it = ids.find(e.id); it != ids.end() && it->second != e.id) {
      e.id = it->second;
      changed = true;
    }
    // A checkpoint's parent may be one added in the same save.
    if constexpr (requires { e.parent; })
      if (const auto it = ids.find(e.parent); e.parent != 0 && it != ids.end() && it->second != e.parent) {
        e.parent = it->second;
        changed = true;
      }
  }
  return changed;
}

class SessionCommand : public QUndoCommand {
 public:
  using QUndoCommand::QUndoCommand;
  virtual void remapIds(const core::store::SavedEdits& saved) = 0;
};

// The list of `Entry` a Session holds now.
template <class Entry>
const std::vector<Entry>& currentEntries(const Session& session);
template <>
inline const std::vector<CheckpointEntry>& currentEntries(const Session& s) { return s.checkpoints(); }
template <>
inline const std::vector<PromptEntry>& currentEntries(const Session& s) { return s.prompts(); }
template <>
inline const std::vector<SliceEntry>& currentEntries(const Session& s) { return s.slices(); }
template <>
inline const std::vector<AnnotationEntry>& currentEntries(const Session& s) { return s.annotations(); }

// Sets a list to what it was before or after one edit. Entries that joined the list since from outside
// the undo stack (checkpoints a run wrote to the file, Session::adoptStoredCheckpoints) are in neither
// copy: they are kept, at the end, so that undoing an older edit does not drop them (and a save then
// delete them from the file).
template <class Entry>
class ReplaceEntriesCommand : public SessionCommand {
 public:
  using Setter = void (Session::*)(std::vector<Entry>);
  ReplaceEntriesCommand(Session* session, Setter setter, std::vector<Entry> before, std::vector<Entry> after,
                        const QString& text)
      : SessionCommand(text), session_(session), setter_(setter), before_(std::move(before)),
        after_(std::move(after)) {}
  void undo() override { (session_->*setter_)(keepingOthers(before_)); }
  void redo() override { (session_->*setter_)(keepingOthers(after_)); }
  void remapIds(const core::store::SavedEdits& saved) override {
    widgets::remapIds(before_, saved);
    widgets::remapIds(after_, saved);
  }

 private:
  std::vector<Entry> keepingOthers(std::vector<Entry> list) const {
    const auto known = [this](qint64 id) {
      const auto has = [id](const std::vector<Entry>& v) {
        return std::any_of(v.begin(), v.end(), [id](const Entry& e) { return e.id == id; });
      };
      return has(before_) || has(after_);
    };
    for (const Entry& e : currentEntries<Entry>(*session_))
      if (!known(e.id)) list.push_back(e);
    return list;
  }

  Session* session_;
  Setter setter_;
  std::vector<Entry> before_, after_;
};

}  // namespace widgets
