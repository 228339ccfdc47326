#pragma once
// The QUndoCommand behind every user edit of a Session: each replaces one list of entries (checkpoints,
// prompts, slices or annotations) with an edited copy and back. The lists are short, so storing both
// copies keeps every command trivially correct and its undo exact.
#include <QUndoCommand>
#include <vector>

#include "widgets/session/session.h"

namespace widgets {

template <class Entry>
class ReplaceEntriesCommand : public QUndoCommand {
 public:
  using Setter = void (Session::*)(std::vector<Entry>);
  ReplaceEntriesCommand(Session* session, Setter setter, std::vector<Entry> before, std::vector<Entry> after,
                        const QString& text)
      : QUndoCommand(text), session_(session), setter_(setter), before_(std::move(before)),
        after_(std::move(after)) {}
  void undo() override { (session_->*setter_)(before_); }
  void redo() override { (session_->*setter_)(after_); }

 private:
  Session* session_;
  Setter setter_;
  std::vector<Entry> before_, after_;
};

}  // namespace widgets
