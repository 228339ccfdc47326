#include "widgets/shell/issuesmodel.h"

#include <QApplication>
#include <QStyle>
#include <algorithm>

namespace widgets {

IssuesModel::IssuesModel(QObject* parent) : QAbstractTableModel(parent) {}

void IssuesModel::add(Severity severity, const QString& source, const QString& message) {
  beginInsertRows({}, int(issues_.size()), int(issues_.size()));
  issues_.append({QDateTime::currentDateTime(), severity, source, message});
  endInsertRows();
  Q_EMIT issueAdded(severity, message);
}

void IssuesModel::clear() {
  beginResetModel();
  issues_.clear();
  endResetModel();
}

int IssuesModel::count(Severity severity) const {
  return int(std::count_if(issues_.begin(), issues_.end(),
                           [severity](const Issue& i) { return i.severity == severity; }));
}

int IssuesModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(issues_.size()); }
int IssuesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant IssuesModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= issues_.size()) return {};
  const Issue& issue = issues_.at(index.row());
  if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
    switch (index.column()) {
      case TimeColumn: return issue.when.toString(QStringLiteral("HH:mm:ss"));
      case SeverityColumn:
        return issue.severity == Severity::Error     ? tr("Error")
               : issue.severity == Severity::Warning ? tr("Warning")
                                                     : tr("Info");
      case SourceColumn: return issue.source;
      case MessageColumn: return issue.message;
    }
  }
  if (role == Qt::DecorationRole && index.column() == SeverityColumn) {
    const auto icon = issue.severity == Severity::Error     ? QStyle::SP_MessageBoxCritical
                      : issue.severity == Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                            : QStyle::SP_MessageBoxInformation;
    return QApplication::style()->standardIcon(icon);
  }
  return {};
}

QVariant IssuesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case TimeColumn: return tr("Time");
    case SeverityColumn: return tr("Severity");
    case SourceColumn: return tr("Source");
    case MessageColumn: return tr("Message");
  }
  return {};
}

}  // namespace widgets
