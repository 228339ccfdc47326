#include "widgets/studio/prompteditor.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QKeyEvent>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "widgets/session/session.h"
#include "widgets/studio/promptpieces.h"
#include "widgets/studio/promptsmodel.h"

namespace widgets {
namespace {

QStringList splitTags(const QString& text) {
  QStringList tags;
  for (const QString& t : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
    if (const QString clean = t.trimmed(); !clean.isEmpty() && !tags.contains(clean)) tags << clean;
  return tags;
}

}  // namespace

PromptEditor::PromptEditor(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), model_(new PromptsModel(session, this)), previewTimer_(new QTimer(this)) {
  setObjectName(QStringLiteral("promptEditor"));
  previewTimer_->setSingleShot(true);
  previewTimer_->setInterval(120);
  connect(previewTimer_, &QTimer::timeout, this, &PromptEditor::computePreview);

  auto* splitter = new QSplitter(this);
  splitter->addWidget(createListPane());
  splitter->addWidget(createEditorPane());
  splitter->setStretchFactor(0, 2);
  splitter->setStretchFactor(1, 3);
  splitter->setSizes({520, 700});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);

  connect(session_, &Session::promptsChanged, this, [this](const EntryChange&) {
    if (!list_->currentIndex().isValid() && model_->rowCount() > 0) list_->setCurrentIndex(model_->index(0, 0));
    showCurrent();
  });
  connect(session_, &Session::checkpointsChanged, this, &PromptEditor::loadPreviewMap);
  connect(session_, &Session::opened, this, &PromptEditor::loadPreviewMap);
  connect(session_, &Session::runLoaded, this, &PromptEditor::schedulePreview);
  showCurrent();
}

PromptEditor::~PromptEditor() = default;

QWidget* PromptEditor::createListPane() {
  auto* pane = new QWidget(this);
  list_ = new QTableView(pane);
  list_->setObjectName(QStringLiteral("promptList"));
  list_->setModel(model_);
  list_->setSelectionBehavior(QAbstractItemView::SelectRows);
  list_->setSelectionMode(QAbstractItemView::SingleSelection);
  list_->verticalHeader()->hide();
  list_->horizontalHeader()->setStretchLastSection(true);
  list_->setColumnWidth(PromptsModel::NameColumn, 240);
  list_->setColumnWidth(PromptsModel::TagsColumn, 120);
  list_->setColumnWidth(PromptsModel::VersionsColumn, 70);
  list_->setWordWrap(false);
  connect(list_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] { showCurrent(); });

  new_ = new QPushButton(tr("&New"), pane);
  new_->setObjectName(QStringLiteral("newPrompt"));
  new_->setToolTip(tr("Add an empty prompt to the library"));
  duplicate_ = new QPushButton(tr("D&uplicate"), pane);
  duplicate_->setObjectName(QStringLiteral("duplicatePrompt"));
  duplicate_->setToolTip(tr("Copy the chosen prompt (text, tags and note) under a new name"));
  delete_ = new QPushButton(tr("&Delete"), pane);
  delete_->setObjectName(QStringLiteral("deletePrompt"));
  delete_->setToolTip(tr("Remove the chosen prompt (Edit → Undo brings it back)"));
  connect(new_, &QPushButton::clicked, this, &PromptEditor::newPrompt);
  connect(duplicate_, &QPushButton::clicked, this, &PromptEditor::duplicateCurrent);
  connect(delete_, &QPushButton::clicked, this, &PromptEditor::removeCurrent);

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(new_);
  buttons->addWidget(duplicate_);
  buttons->addWidget(delete_);
  buttons->addStretch();
  auto* layout = new QVBoxLayout(pane);
  layout->addWidget(list_);
  layout->addLayout(buttons);
  return pane;
}

QWidget* PromptEditor::createEditorPane() {
  auto* pane = new QWidget(this);
  name_ = new QLineEdit(pane);
  name_->setObjectName(QStringLiteral("promptName"));
  text_ = new QPlainTextEdit(pane);
  text_->setObjectName(QStringLiteral("promptText"));
  text_->setPlaceholderText(tr("The prompt's text. {field} is filled from each document's metadata; {{ and }} are "
                               "literal braces."));
  text_->setTabChangesFocus(true);
  tags_ = new QLineEdit(pane);
  tags_->setObjectName(QStringLiteral("promptTags"));
  tags_->setPlaceholderText(tr("comma-separated, e.g. style, zippy"));
  note_ = new QPlainTextEdit(pane);
  note_->setObjectName(QStringLiteral("promptNote"));
  note_->setPlaceholderText(tr("What this prompt is for, what it did"));
  note_->setMaximumHeight(70);
  note_->setTabChangesFocus(true);
  apply_ = new QPushButton(tr("&Apply"), pane);
  apply_->setObjectName(QStringLiteral("applyPrompt"));
  apply_->setToolTip(tr("Keep the text and note (Ctrl+Return); the earlier text stays as a version"));
  wrap_ = new QPushButton(tr("Wrap in Chat &Template"), pane);
  wrap_->setObjectName(QStringLiteral("wrapChatTemplate"));
  wrap_->setToolTip(tr("Rewrite the text as a user turn in the base map's own chat template, followed by the "
                       "assistant's header, so the territory reads as the map's answer"));
  chatStatus_ = new QLabel(pane);
  chatStatus_->setObjectName(QStringLiteral("chatStatus"));
  chatStatus_->setWordWrap(true);
  chatStatus_->hide();
  history_ = new QLabel(pane);
  history_->setObjectName(QStringLiteral("promptHistory"));
  history_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  connect(name_, &QLineEdit::editingFinished, this, &PromptEditor::commitName);
  connect(tags_, &QLineEdit::editingFinished, this, &PromptEditor::commitTags);
  connect(apply_, &QPushButton::clicked, this, &PromptEditor::apply);
  connect(wrap_, &QPushButton::clicked, this, &PromptEditor::wrapInChatTemplate);
  connect(text_, &QPlainTextEdit::textChanged, this, [this] {
    updateButtons();
    schedulePreview();
  });
  connect(note_, &QPlainTextEdit::textChanged, this, &PromptEditor::updateButtons);
  text_->installEventFilter(this);  // Ctrl+Return keeps the text (see eventFilter)
  note_->installEventFilter(this);

  // The preview: the map, the tokens, the length and the share of the window left.
  mapLabel_ = new QLabel(tr("No base map in the session: add one to preview tokens."), pane);
  mapLabel_->setObjectName(QStringLiteral("previewMap"));
  mapLabel_->setWordWrap(true);
  length_ = new QLabel(pane);
  length_->setObjectName(QStringLiteral("promptLength"));
  problem_ = new QLabel(pane);
  problem_->setObjectName(QStringLiteral("promptProblem"));
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #c0392b; font-weight: bold"));
  problem_->hide();
  template_ = new QLabel(pane);
  template_->setObjectName(QStringLiteral("promptTemplate"));
  template_->setWordWrap(true);
  template_->hide();
  pieces_ = new PromptPieces;
  pieces_->setObjectName(QStringLiteral("promptPieces"));
  auto* scroll = new QScrollArea(pane);
  scroll->setWidget(pieces_);
  scroll->setWidgetResizable(true);
  scroll->setMinimumHeight(90);

  auto* form = new QFormLayout;
  form->addRow(tr("&Name:"), name_);
  form->addRow(tr("&Text:"), text_);
  form->addRow(tr("Ta&gs:"), tags_);
  form->addRow(tr("N&ote:"), note_);
  auto* applyRow = new QHBoxLayout;
  applyRow->addWidget(history_, 1);
  applyRow->addWidget(wrap_);
  applyRow->addWidget(apply_);
  form->addRow(QString(), applyRow);
  form->addRow(QString(), chatStatus_);
  auto* layout = new QVBoxLayout(pane);
  layout->addLayout(form, 2);
  auto* previewTitle = new QLabel(tr("<b>Preview</b>"), pane);
  layout->addWidget(previewTitle);
  layout->addWidget(mapLabel_);
  layout->addWidget(length_);
  layout->addWidget(problem_);
  layout->addWidget(template_);
  layout->addWidget(scroll, 2);
  return pane;
}

bool PromptEditor::eventFilter(QObject* watched, QEvent* event) {
  if ((watched == text_ || watched == note_) && event->type() == QEvent::KeyPress) {
    const auto* key = static_cast<QKeyEvent*>(event);
    if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && key->modifiers() & Qt::ControlModifier) {
      apply();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

qint64 PromptEditor::currentPrompt() const {
  const QModelIndex index = list_->currentIndex();
  return index.isValid() ? index.data(PromptsModel::IdRole).toLongLong() : 0;
}

void PromptEditor::setCurrentPrompt(qint64 id) {
  const int row = model_->rowOf(id);
  if (row >= 0) list_->setCurrentIndex(model_->index(row, PromptsModel::NameColumn));
}

void PromptEditor::newPrompt() {
  const qint64 id = session_->addPrompt(tr("New prompt"), QString());
  setCurrentPrompt(id);
  name_->setFocus();
  name_->selectAll();
}

void PromptEditor::duplicateCurrent() {
  if (const qint64 id = session_->duplicatePrompt(currentPrompt())) setCurrentPrompt(id);
}

void PromptEditor::removeCurrent() {
  const int row = list_->currentIndex().row();
  session_->removePrompt(currentPrompt());
  if (model_->rowCount() > 0) list_->setCurrentIndex(model_->index(std::min(row, model_->rowCount() - 1), 0));
  showCurrent();
}

void PromptEditor::apply() {
  const qint64 id = currentPrompt();
  if (!id) return;
  const QString text = text_->toPlainText(), note = note_->toPlainText();
  // Remember what is kept before the Session announces it, so showCurrent sees no stale typing.
  if (text != shownText_) {
    shownText_ = text;
    session_->editPromptText(id, text);
  }
  if (note != shownNote_) {
    shownNote_ = note;
    session_->setPromptNote(id, note);
  }
  updateButtons();
}

void PromptEditor::commitName() {
  const qint64 id = currentPrompt();
  if (!id) return;
  session_->renamePrompt(id, name_->text());
  showCurrent();  // a refused name (empty, taken) goes back to the kept one
}

void PromptEditor::commitTags() {
  if (const qint64 id = currentPrompt()) session_->setPromptTags(id, splitTags(tags_->text()));
}

void PromptEditor::showCurrent() {
  const qint64 id = currentPrompt();
  const PromptEntry* p = nullptr;
  for (const PromptEntry& e : session_->prompts())
    if (e.id == id) p = &e;
  for (QWidget* w : std::initializer_list<QWidget*>{name_, text_, tags_, note_}) w->setEnabled(p != nullptr);
  if (!p) {
    name_->clear();
    tags_->clear();
    shownText_.clear();
    shownNote_.clear();
    text_->clear();
    note_->clear();
    history_->setText(tr("No prompt chosen"));
    history_->setToolTip({});
    shownId_ = 0;
    updateButtons();
    return;
  }
  const bool other = id != shownId_;
  shownId_ = id;
  if (name_->text() != p->name) name_->setText(p->name);
  if (other || splitTags(tags_->text()) != p->tags) tags_->setText(p->tags.join(QStringLiteral(", ")));
  // Typing the user has not applied yet survives changes to other fields; a change of the kept text
  // itself (undo, redo) or another prompt replaces it.
  if (other || p->text != shownText_) {
    if (text_->toPlainText() != p->text) text_->setPlainText(p->text);
    shownText_ = p->text;
  }
  if (other || p->note != shownNote_) {
    if (note_->toPlainText() != p->note) note_->setPlainText(p->note);
    shownNote_ = p->note;
  }
  const int earlier = int(p->history.size());
  history_->setText(earlier ? tr("%n earlier version(s) kept", nullptr, earlier) : tr("First version"));
  QString tip;
  for (int i = earlier - 1; i >= 0 && i >= earlier - 8; --i)
    tip += QStringLiteral("<p><b>%1</b><br><tt>%2</tt></p>")
               .arg(tr("Version %1").arg(i + 1), p->history[i].left(200).toHtmlEscaped());
  history_->setToolTip(tip);
  updateButtons();
  schedulePreview();
}

void PromptEditor::updateButtons() {
  const bool chosen = currentPrompt() != 0;
  duplicate_->setEnabled(chosen);
  delete_->setEnabled(chosen);
  wrap_->setEnabled(chosen);
  apply_->setEnabled(chosen && (text_->toPlainText() != shownText_ || note_->toPlainText() != shownNote_));
}

}  // namespace widgets
