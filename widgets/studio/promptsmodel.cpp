#include "widgets/studio/promptsmodel.h"

#include "widgets/session/session.h"

namespace widgets {

PromptsModel::PromptsModel(Session* session, QObject* parent) : EntryTableModel(parent), session_(session) {
  connect(session_, &Session::entriesAboutToChange, this, [this](EntryList list, const EntryChange& change) {
    if (list == EntryList::Prompts) beginEntryChange(change);
  });
  connect(session_, &Session::promptsChanged, this, [this](const EntryChange& change) { endEntryChange(change); });
}

int PromptsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(session_->prompts().size());
}

int PromptsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PromptsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || std::size_t(index.row()) >= session_->prompts().size()) return {};
  const PromptEntry& p = session_->prompts()[std::size_t(index.row())];
  if (role == IdRole) return p.id;
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case NameColumn: return p.name;
      case TagsColumn: return p.tags.join(QStringLiteral(", "));
      case VersionsColumn: return int(p.history.size()) + 1;
      case NoteColumn: return p.note.section(QLatin1Char('\n'), 0, 0);
    }
  }
  if (role == Qt::ToolTipRole) {
    QString tip = QStringLiteral("<b>%1</b><pre>%2</pre>").arg(p.name.toHtmlEscaped(), p.text.left(400).toHtmlEscaped());
    if (!p.note.isEmpty()) tip += QStringLiteral("<i>%1</i>").arg(p.note.toHtmlEscaped());
    return tip;
  }
  if (role == Qt::TextAlignmentRole && index.column() == VersionsColumn)
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant PromptsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
  switch (section) {
    case NameColumn: return tr("Prompt");
    case TagsColumn: return tr("Tags");
    case VersionsColumn: return tr("Versions");
    case NoteColumn: return tr("Note");
  }
  return {};
}

int PromptsModel::rowOf(qint64 id) const {
  const auto& prompts = session_->prompts();
  for (std::size_t i = 0; i < prompts.size(); ++i)
    if (prompts[i].id == id) return int(i);
  return -1;
}

}  // namespace widgets
