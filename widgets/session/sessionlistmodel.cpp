#include "widgets/session/sessionlistmodel.h"

#include <QColor>

#include <QFileInfo>
#include <QFont>
#include <QLocale>

#include "widgets/session/session.h"

namespace widgets {

SessionListModel::SessionListModel(Kind kind, Session* session, QObject* parent)
    : EntryTableModel(parent), kind_(kind), session_(session) {
  connect(session_, &Session::entriesAboutToChange, this, &SessionListModel::aboutToChange);
  switch (kind_) {
    case Kind::Territories: connect(session_, &Session::territoriesChanged, this, &SessionListModel::changed); break;
    case Kind::Runs:
      connect(session_, &Session::runsChanged, this, &SessionListModel::changed);
      connect(session_->selection(), &Selection::runChanged, this, &SessionListModel::refreshAll);
      break;
    case Kind::Prompts: connect(session_, &Session::promptsChanged, this, &SessionListModel::changed); break;
    case Kind::Slices:
      connect(session_, &Session::slicesChanged, this, &SessionListModel::changed);
      connect(session_->selection(), &Selection::sliceChanged, this, &SessionListModel::refreshAll);
      break;
    case Kind::Annotations:
      connect(session_, &Session::annotationsChanged, this, &SessionListModel::changed);
      connect(session_, &Session::runLoaded, this, &SessionListModel::refreshAll);
      connect(session_->selection(), &Selection::runChanged, this, &SessionListModel::refreshAll);
      break;
  }
}

void SessionListModel::aboutToChange(EntryList list, const EntryChange& change) {
  static constexpr EntryList kListOf[] = {EntryList::Territories, EntryList::Runs, EntryList::Prompts,
                                          EntryList::Slices, EntryList::Annotations};
  if (list != kListOf[int(kind_)]) return;
  beginEntryChange(change);
}

void SessionListModel::changed(const EntryChange& change) { endEntryChange(change); }

void SessionListModel::refreshAll() {
  if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

QString SessionListModel::excerptOf(const AnnotationEntry& a) const {
  // Notes read from a file carry only their token span: its text comes from the run shown, when that
  // run measured the same territory.
  const auto run = session_->currentRun();
  if (!run || QString::fromStdString(run->territory.content_hash) != a.territoryHash ||
      a.document < 0 || std::size_t(a.document) >= run->documents.size())
    return {};
  const auto& doc = run->documents[std::size_t(a.document)];
  if (a.textBegin >= 0 && std::size_t(a.textEnd) <= doc.text.size() && a.textEnd >= a.textBegin)
    return QString::fromUtf8(doc.text.data() + a.textBegin, qsizetype(a.textEnd - a.textBegin));
  const auto& tokens = doc.tokens;
  QString text;
  for (int t = std::max(0, a.begin); t < a.end && std::size_t(t) < tokens.size(); ++t)
    if (tokens[std::size_t(t)] >= 0 && std::size_t(tokens[std::size_t(t)]) < run->token_texts.size())
      text += QString::fromStdString(run->token_texts[std::size_t(tokens[std::size_t(t)])]);
  return text;
}

int SessionListModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid()) return 0;
  switch (kind_) {
    case Kind::Territories: return int(session_->territories().size());
    case Kind::Runs: return int(session_->runs().size());
    case Kind::Prompts: return int(session_->prompts().size());
    case Kind::Slices: return int(session_->slices().size());
    case Kind::Annotations: return int(session_->annotations().size());
  }
  return 0;
}

int SessionListModel::columnCount(const QModelIndex& parent) const {
  if (parent.isValid()) return 0;
  return kind_ == Kind::Annotations ? 3 : 2;
}

int SessionListModel::rowOf(qint64 id) const {
  for (int r = 0; r < rowCount(); ++r)
    if (index(r, 0).data(IdRole).toLongLong() == id) return r;
  return -1;
}

QVariant SessionListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (kind_) {
    case Kind::Territories: return section == 0 ? tr("Territory") : tr("Documents");
    case Kind::Runs: return section == 0 ? tr("Run") : tr("Status");
    case Kind::Prompts: return section == 0 ? tr("Prompt") : tr("Text");
    case Kind::Slices: return section == 0 ? tr("Slice") : tr("Definition");
    case Kind::Annotations: return section == 0 ? tr("Note") : section == 1 ? tr("Text") : tr("Document");
  }
  return {};
}

QVariant SessionListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  return cell(index.row(), index.column(), role);
}

QVariant SessionListModel::cell(int row, int column, int role) const {
  const std::size_t r = std::size_t(row);
  switch (kind_) {
    case Kind::Territories: {
      const TerritoryEntry& t = session_->territories()[r];
      if (role == IdRole) return t.id;
      if (role == Qt::DisplayRole || role == SearchRole)
        return column == 0 ? QFileInfo(t.source).fileName() : QLocale().toString(t.documents);
      if (role == Qt::ToolTipRole)
        return tr("%1\n%2 documents, %3\ncontent sha256 %4")
            .arg(t.source, QLocale().toString(t.documents), QLocale().formattedDataSize(t.bytes), t.contentHash);
      return {};
    }
    case Kind::Runs: {
      const RunEntry& e = session_->runs()[r];
      if (role == IdRole) return e.id;
      if (role == Qt::DisplayRole || role == SearchRole) return column == 0 ? e.name : runStatusText(e);
      if (role == Qt::ToolTipRole) {
        QString tip = tr("%1\nMaps: %2\nTerritory: %3").arg(e.name, e.checkpoints.join(QStringLiteral(" → ")), e.territory);
        if (!e.prompt.isEmpty()) tip += tr("\nPrompt: %1").arg(e.prompt);
        if (!e.message.isEmpty()) tip += QStringLiteral("\n") + e.message;
        return QString(tip + tr("\nDouble-click to show this run"));
      }
      if (role == Qt::ForegroundRole && column == 1 && !e.missingShards().isEmpty())
        return QColor(0xd5, 0x5e, 0x00);  // a partial merge: the colour-blind-safe vermillion of display/
      if (role == Qt::FontRole && e.id == session_->selection()->run()) {
        QFont f;
        f.setBold(true);
        return f;
      }
      return {};
    }
    case Kind::Prompts: {
      const PromptEntry& p = session_->prompts()[r];
      if (role == IdRole) return p.id;
      if (role == Qt::DisplayRole || role == SearchRole) return column == 0 ? p.name : p.text.simplified();
      if (role == Qt::ToolTipRole) return p.text;
      return {};
    }
    case Kind::Slices: {
      const SliceEntry& s = session_->slices()[r];
      if (role == IdRole) return s.id;
      if (role == Qt::DisplayRole || role == SearchRole) return column == 0 ? s.name : describeSlice(s.definition);
      if (role == Qt::ToolTipRole) return tr("%1\nClick to restrict every view to this slice").arg(describeSlice(s.definition));
      if (role == Qt::FontRole && s.id == session_->selection()->slice()) {
        QFont f;
        f.setBold(true);
        return f;
      }
      return {};
    }
    case Kind::Annotations: {
      AnnotationEntry a = session_->annotations()[r];
      if (a.excerpt.isEmpty()) a.excerpt = excerptOf(a);
      if (role == IdRole) return a.id;
      if (role == SearchRole) return QString(a.note + QLatin1Char(' ') + a.excerpt + QLatin1Char(' ') + a.documentName);
      if (role == Qt::DisplayRole)
        return column == 0 ? a.note : column == 1 ? a.excerpt.simplified() : a.documentName;
      if (role == Qt::ToolTipRole)
        return a.textBegin >= 0
                   ? tr("“%1”\n%2, bytes %3–%4 of its text\n%5").arg(a.excerpt, a.documentName).arg(a.textBegin).arg(a.textEnd).arg(a.note)
                   : tr("“%1”\n%2, tokens %3–%4 (pinned to token positions: no run could place it in the text)\n%5")
                         .arg(a.excerpt, a.documentName).arg(a.begin).arg(a.end - 1).arg(a.note);
      if (role == Qt::FontRole && a.textBegin < 0 && column == 1) {
        QFont f;
        f.setItalic(true);
        return f;
      }
      return {};
    }
  }
  return {};
}

}  // namespace widgets
