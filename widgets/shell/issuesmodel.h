#pragma once
// IssuesModel: every warning and error the core reports, in one list (the Issues dock reads it).
// GUI thread only; workers post issues through queued signals.
#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace widgets {

class IssuesModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum class Severity { Info, Warning, Error };
  enum Column { TimeColumn, SeverityColumn, SourceColumn, MessageColumn, ColumnCount };
  struct Issue {
    QDateTime when;
    Severity severity = Severity::Info;
    QString source;   // the file or job concerned
    QString message;
  };

  explicit IssuesModel(QObject* parent = nullptr);

  void add(Severity severity, const QString& source, const QString& message);
  void clear();
  int count(Severity severity) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 Q_SIGNALS:
  void issueAdded(widgets::IssuesModel::Severity severity, const QString& message);

 private:
  QList<Issue> issues_;
};

}  // namespace widgets
