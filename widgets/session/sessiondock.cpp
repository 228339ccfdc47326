#include "widgets/session/sessiondock.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolBox>
#include <QVBoxLayout>

#include "widgets/session/checkpointsmodel.h"
#include "widgets/session/session.h"
#include "widgets/session/sessionlistmodel.h"

namespace widgets {
namespace {

QTableView* makeTable(QWidget* parent, const QString& name) {
  auto* view = new QTableView(parent);
  view->setObjectName(name);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->setSelectionMode(QAbstractItemView::SingleSelection);
  view->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view->verticalHeader()->hide();
  view->horizontalHeader()->setStretchLastSection(true);
  view->setWordWrap(false);
  view->setContextMenuPolicy(Qt::CustomContextMenu);
  return view;
}

QPushButton* button(const QString& text, const QString& tip, QWidget* parent) {
  auto* b = new QPushButton(text, parent);
  b->setToolTip(tip);
  return b;
}

}  // namespace

SessionDock::SessionDock(Session* session, QWidget* parent)
    : QDockWidget(tr("Session"), parent), session_(session), sections_(new QToolBox(this)),
      checkpointsModel_(new CheckpointsModel(session, this)), checkpoints_(makeTable(this, QStringLiteral("checkpointTable"))),
      territories_(makeTable(this, QStringLiteral("territoryTable"))), runs_(makeTable(this, QStringLiteral("runTable"))),
      prompts_(makeTable(this, QStringLiteral("promptTable"))), slices_(makeTable(this, QStringLiteral("sliceTable"))),
      annotations_(makeTable(this, QStringLiteral("annotationTable"))), annotationSearch_(new QLineEdit(this)) {
  setObjectName(QStringLiteral("sessionDock"));
  sections_->setObjectName(QStringLiteral("sessionSections"));
  territories_->setModel(new SessionListModel(SessionListModel::Kind::Territories, session, this));
  runs_->setModel(new SessionListModel(SessionListModel::Kind::Runs, session, this));
  prompts_->setModel(new SessionListModel(SessionListModel::Kind::Prompts, session, this));
  slices_->setModel(new SessionListModel(SessionListModel::Kind::Slices, session, this));
  auto* annotationFilter = new QSortFilterProxyModel(this);
  annotationFilter->setSourceModel(new SessionListModel(SessionListModel::Kind::Annotations, session, this));
  annotationFilter->setFilterRole(SessionListModel::SearchRole);
  annotationFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
  annotationFilter->setFilterKeyColumn(0);
  annotations_->setModel(annotationFilter);
  annotationSearch_->setObjectName(QStringLiteral("annotationSearch"));
  annotationSearch_->setPlaceholderText(tr("Search notes and text"));
  annotationSearch_->setClearButtonEnabled(true);
  connect(annotationSearch_, &QLineEdit::textChanged, annotationFilter, &QSortFilterProxyModel::setFilterFixedString);

  auto* newRun = button(tr("New Run…"), tr("Compare checkpoints over a territory"), this);
  connect(newRun, &QPushButton::clicked, this, &SessionDock::newRunRequested);
  auto* newSlice = button(tr("New Slice…"), tr("Define a slice from a metric threshold, metadata or text"), this);
  connect(newSlice, &QPushButton::clicked, this, &SessionDock::newSliceRequested);
  auto* allPositions = button(tr("All Positions"), tr("Stop restricting the views to a slice"), this);
  connect(allPositions, &QPushButton::clicked, this, [this] { session_->selection()->setSlice(0); });
  auto* addPrompt = button(tr("Add Prompt…"), tr("Keep a conditioning prompt for zoomed runs"), this);
  connect(addPrompt, &QPushButton::clicked, this, [this] {
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(this, tr("Add Prompt"), tr("Prompt text:"), {}, &ok);
    if (ok && !text.isEmpty()) session_->addPrompt({}, text);
  });

  sections_->addItem(checkpointsPage(), tr("Checkpoints"));
  sections_->addItem(listPage(territories_, {}), tr("Territories"));
  sections_->addItem(listPage(runs_, {newRun}), tr("Runs"));
  sections_->addItem(listPage(prompts_, {addPrompt}), tr("Prompts"));
  sections_->addItem(listPage(slices_, {newSlice, allPositions}), tr("Slices"));
  auto* annotationPage = new QWidget(this);
  auto* al = new QVBoxLayout(annotationPage);
  al->setContentsMargins(0, 0, 0, 0);
  al->addWidget(annotationSearch_);
  al->addWidget(annotations_, 1);
  sections_->addItem(annotationPage, tr("Annotations"));
  setWidget(sections_);

  Selection* sel = session_->selection();
  connect(runs_, &QTableView::activated, this, [this, sel](const QModelIndex& i) {
    sel->setRun(i.siblingAtColumn(0).data(SessionListModel::IdRole).toLongLong());
  });
  connect(slices_, &QTableView::clicked, this, [sel](const QModelIndex& i) {
    sel->setSlice(i.siblingAtColumn(0).data(SessionListModel::IdRole).toLongLong());
  });
  connect(annotations_, &QTableView::activated, this, &SessionDock::jumpToAnnotation);
  connect(slices_, &QWidget::customContextMenuRequested, this, &SessionDock::sliceMenu);
  connect(annotations_, &QWidget::customContextMenuRequested, this, &SessionDock::annotationMenu);
  connect(prompts_, &QWidget::customContextMenuRequested, this, &SessionDock::promptMenu);
  runs_->setToolTip(tr("Double-click a run to show it in every view"));
  slices_->setToolTip(tr("Click a slice to restrict every view to it; right-click to rename or remove"));
  annotations_->setToolTip(tr("Double-click a note to show its tokens"));
}

QWidget* SessionDock::listPage(QTableView* view, const QList<QWidget*>& buttons) {
  auto* page = new QWidget(this);
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view, 1);
  if (!buttons.isEmpty()) {
    auto* row = new QHBoxLayout;
    for (QWidget* b : buttons) row->addWidget(b);
    row->addStretch();
    layout->addLayout(row);
  }
  return page;
}

QWidget* SessionDock::checkpointsPage() {
  checkpoints_->setModel(checkpointsModel_);
  checkpoints_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  checkpoints_->setDragEnabled(true);
  checkpoints_->setAcceptDrops(true);
  checkpoints_->setDropIndicatorShown(true);
  checkpoints_->setDragDropMode(QAbstractItemView::InternalMove);
  checkpoints_->setDefaultDropAction(Qt::MoveAction);
  checkpoints_->verticalHeader()->show();
  // The dock is narrow: name and role; format and path are in each row's tooltip.
  checkpoints_->setColumnHidden(CheckpointsModel::FormatColumn, true);
  checkpoints_->setColumnHidden(CheckpointsModel::PathColumn, true);
  checkpoints_->horizontalHeader()->setSectionResizeMode(CheckpointsModel::NameColumn, QHeaderView::Stretch);
  checkpoints_->horizontalHeader()->setStretchLastSection(false);
  checkpoints_->setToolTip(tr("Lineage order, base first: drag rows or use ↑/↓; double-click a name to rename"));
  connect(checkpoints_, &QWidget::customContextMenuRequested, this, &SessionDock::checkpointMenu);
  auto* up = button(tr("↑"), tr("Earlier in the lineage"), this);
  auto* down = button(tr("↓"), tr("Later in the lineage"), this);
  auto* add = button(tr("Add…"), tr("Add checkpoint folders or files (or drop them on the window)"), this);
  up->setObjectName(QStringLiteral("checkpointUp"));
  down->setObjectName(QStringLiteral("checkpointDown"));
  for (QPushButton* b : {up, down}) b->setMaximumWidth(40);
  connect(up, &QPushButton::clicked, this, [this] { moveSelectedCheckpoint(-1); });
  connect(down, &QPushButton::clicked, this, [this] { moveSelectedCheckpoint(+1); });
  connect(add, &QPushButton::clicked, this, &SessionDock::addCheckpointsRequested);
  return listPage(checkpoints_, {up, down, add});
}

void SessionDock::moveSelectedCheckpoint(int delta) {
  const QModelIndex i = checkpoints_->currentIndex();
  if (!i.isValid()) return;
  const qint64 id = i.siblingAtColumn(0).data(CheckpointsModel::IdRole).toLongLong();
  const int row = i.row() + delta;
  session_->moveCheckpoint(id, row);
  // The model was reset: keep the moved checkpoint selected so ↑/↓ can be pressed again.
  for (int r = 0; r < checkpointsModel_->rowCount(); ++r)
    if (checkpointsModel_->index(r, 0).data(CheckpointsModel::IdRole).toLongLong() == id)
      checkpoints_->setCurrentIndex(checkpointsModel_->index(r, 0));
}

void SessionDock::checkpointMenu(const QPoint& pos) {
  const QModelIndex i = checkpoints_->indexAt(pos);
  QMenu menu(this);
  if (i.isValid()) {
    const qint64 id = i.siblingAtColumn(0).data(CheckpointsModel::IdRole).toLongLong();
    const CheckpointEntry* c = session_->checkpoint(id);
    checkpoints_->setCurrentIndex(i);
    menu.addAction(tr("Rename"), this, [this, i] { checkpoints_->edit(i.siblingAtColumn(CheckpointsModel::NameColumn)); });
    QAction* base = menu.addAction(tr("Make Base"), this, [this, id] { session_->setCheckpointRole(id, core::analysis::MapRole::Base); });
    base->setEnabled(c && c->role != core::analysis::MapRole::Base);
    QAction* tuned = menu.addAction(tr("Make Tuned"), this, [this, id] { session_->setCheckpointRole(id, core::analysis::MapRole::Tuned); });
    tuned->setEnabled(c && c->role == core::analysis::MapRole::Base);
    // The lineage tree: which checkpoint this one was tuned from (a guess until set).
    QMenu* parentMenu = menu.addMenu(tr("Tuned From"));
    parentMenu->setObjectName(QStringLiteral("parentMenu"));
    QAction* guess = parentMenu->addAction(tr("Not Set (Guess From Names)"), this, [this, id] { session_->setCheckpointParent(id, 0); });
    guess->setCheckable(true);
    guess->setChecked(c && c->parent == 0);
    parentMenu->addSeparator();
    for (const CheckpointEntry& other : session_->checkpoints()) {
      if (other.id == id) continue;
      QAction* a = parentMenu->addAction(other.name, this, [this, id, p = other.id] { session_->setCheckpointParent(id, p); });
      a->setCheckable(true);
      a->setChecked(c && c->parent == other.id);
    }
    menu.addAction(tr("Move Up"), this, [this] { moveSelectedCheckpoint(-1); });
    menu.addAction(tr("Move Down"), this, [this] { moveSelectedCheckpoint(+1); });
    menu.addAction(tr("Edit Notes…"), this, [this, id, c] {
      bool ok = false;
      const QString notes = QInputDialog::getMultiLineText(this, tr("Notes"), tr("Notes on %1:").arg(c->name), c->notes, &ok);
      if (ok) session_->setCheckpointNotes(id, notes);
    });
    menu.addSeparator();
    menu.addAction(tr("Remove from Session"), this, [this, id] { session_->removeCheckpoint(id); });
  }
  menu.addAction(tr("Add Checkpoints…"), this, &SessionDock::addCheckpointsRequested);
  menu.exec(checkpoints_->viewport()->mapToGlobal(pos));
}

void SessionDock::sliceMenu(const QPoint& pos) {
  const QModelIndex i = slices_->indexAt(pos);
  QMenu menu(this);
  if (i.isValid()) {
    const qint64 id = i.siblingAtColumn(0).data(SessionListModel::IdRole).toLongLong();
    menu.addAction(tr("Show Only This Slice"), this, [this, id] { session_->selection()->setSlice(id); });
    menu.addAction(tr("Rename…"), this, [this, id] {
      const SliceEntry* s = session_->slice(id);
      bool ok = false;
      const QString name = QInputDialog::getText(this, tr("Rename Slice"), tr("Name:"), QLineEdit::Normal, s->name, &ok);
      if (ok) session_->renameSlice(id, name);
    });
    menu.addAction(tr("Remove"), this, [this, id] { session_->removeSlice(id); });
    menu.addSeparator();
  }
  menu.addAction(tr("New Slice…"), this, &SessionDock::newSliceRequested);
  menu.addAction(tr("All Positions"), this, [this] { session_->selection()->setSlice(0); });
  menu.exec(slices_->viewport()->mapToGlobal(pos));
}

void SessionDock::annotationMenu(const QPoint& pos) {
  const QModelIndex i = annotations_->indexAt(pos);
  if (!i.isValid()) return;
  const qint64 id = i.siblingAtColumn(0).data(SessionListModel::IdRole).toLongLong();
  QMenu menu(this);
  menu.addAction(tr("Show Tokens"), this, [this, i] { jumpToAnnotation(i); });
  menu.addAction(tr("Edit Note…"), this, [this, id, i] {
    bool ok = false;
    const QString note = QInputDialog::getMultiLineText(this, tr("Edit Note"), tr("Note:"),
                                                        i.siblingAtColumn(0).data().toString(), &ok);
    if (ok) session_->editAnnotation(id, note);
  });
  menu.addAction(tr("Remove"), this, [this, id] { session_->removeAnnotation(id); });
  menu.exec(annotations_->viewport()->mapToGlobal(pos));
}

void SessionDock::promptMenu(const QPoint& pos) {
  const QModelIndex i = prompts_->indexAt(pos);
  if (!i.isValid()) return;
  const qint64 id = i.siblingAtColumn(0).data(SessionListModel::IdRole).toLongLong();
  QMenu menu(this);
  menu.addAction(tr("Remove"), this, [this, id] { session_->removePrompt(id); });
  menu.exec(prompts_->viewport()->mapToGlobal(pos));
}

void SessionDock::jumpToAnnotation(const QModelIndex& index) {
  const qint64 id = index.siblingAtColumn(0).data(SessionListModel::IdRole).toLongLong();
  for (const AnnotationEntry& a : session_->annotations()) {
    if (a.id != id) continue;
    const auto run = session_->currentRun();
    if (!run || QString::fromStdString(run->territory.content_hash) != a.territoryHash) {
      Q_EMIT session_->issue(IssuesModel::Severity::Info, a.documentName,
                             tr("This note belongs to another territory: open a run over it to see the tokens."));
      return;
    }
    const auto tokens = session_->annotationTokens(a);
    if (!tokens) return;
    session_->selection()->setToken(a.document, tokens->first);
    session_->selection()->setSpan(a.document, tokens->first, tokens->second);
  }
}

}  // namespace widgets
