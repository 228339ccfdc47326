#include "widgets/shell/docks.h"

#include <QApplication>
#include <QHeaderView>
#include <QMenu>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTableView>

#include "widgets/shell/issuesmodel.h"
#include "widgets/shell/jobsmodel.h"

namespace widgets {
namespace {

// Draws the Progress column as a progress bar.
class ProgressDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, 2, -2, -2);
    bar.minimum = 0;
    bar.maximum = 1000;
    bar.progress = int(index.data(JobsModel::FractionRole).toDouble() * 1000);
    bar.text = index.data(Qt::DisplayRole).toString();
    bar.textVisible = true;
    bar.state = option.state | QStyle::State_Horizontal;
    QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
  }
};

QTableView* makeTable(QWidget* parent) {
  auto* view = new QTableView(parent);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->setAlternatingRowColors(true);
  view->verticalHeader()->hide();
  view->horizontalHeader()->setStretchLastSection(true);
  view->setWordWrap(false);
  return view;
}

}  // namespace

JobsDock::JobsDock(JobsModel* model, QWidget* parent) : QDockWidget(tr("Jobs"), parent), view_(makeTable(this)) {
  setObjectName(QStringLiteral("jobsDock"));
  view_->setObjectName(QStringLiteral("jobsView"));
  view_->setModel(model);
  view_->setItemDelegateForColumn(JobsModel::ProgressColumn, new ProgressDelegate(view_));
  view_->setColumnWidth(JobsModel::TitleColumn, 220);
  view_->setColumnWidth(JobsModel::StageColumn, 160);
  view_->setColumnWidth(JobsModel::ProgressColumn, 140);
  view_->setContextMenuPolicy(Qt::CustomContextMenu);
  view_->setToolTip(tr("Long operations run here; right-click a job to cancel it"));
  connect(view_, &QWidget::customContextMenuRequested, this, [this, model](const QPoint& pos) {
    const QModelIndex index = view_->indexAt(pos);
    if (!index.isValid()) return;
    const int id = index.data(JobsModel::JobIdRole).toInt();
    QMenu menu(this);
    QAction* cancel = menu.addAction(tr("Cancel job"));
    cancel->setEnabled(index.data(JobsModel::StateRole).toInt() == int(JobsModel::State::Running));
    if (menu.exec(view_->viewport()->mapToGlobal(pos)) == cancel) model->cancel(id);
  });
  setWidget(view_);
}

IssuesDock::IssuesDock(IssuesModel* model, QWidget* parent)
    : QDockWidget(tr("Issues"), parent), view_(makeTable(this)) {
  setObjectName(QStringLiteral("issuesDock"));
  view_->setObjectName(QStringLiteral("issuesView"));
  view_->setModel(model);
  view_->setColumnWidth(IssuesModel::TimeColumn, 70);
  view_->setColumnWidth(IssuesModel::SeverityColumn, 90);
  view_->setColumnWidth(IssuesModel::SourceColumn, 200);
  setWidget(view_);
}

}  // namespace widgets
