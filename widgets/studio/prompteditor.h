#pragma once
// widgets::PromptEditor: the Studio's prompt library. A table of the session's prompts (name, tags,
// versions, note) beside an editor for the chosen one: name, text, tags, a note, its earlier versions,
// and a live preview of its tokens under the session's base map (piece boundaries, length, the share
// of the context window it leaves for the territory; a prompt that leaves no room is flagged by name).
// A prompt with `{field}` placeholders is a template (core/analysis/prompt_template.h): the preview
// fills it from the current run's documents and names any document lacking a field.
//
// Every edit is a Session undo command (new, rename, edit text, duplicate, tag, note, delete); the
// editor never changes data itself. Text and note are kept with Apply (Ctrl+Return), so each kept
// text becomes one version. The base map's tokenizer is loaded on a JobsModel worker when the editor
// is first shown (a map that cannot be loaded only disables the preview), and the preview
// is computed on a thread-pool thread, so typing never waits for either. "Wrap in Chat Template"
// rewrites the text as a user turn in the base map's own chat template (core/tokenize/chat_template.h),
// rendered on a pool thread; the template is found with the tokenizer, and a map without one (or a
// rendering that fails) is said in the chat-status line. GUI thread only.
#include <QWidget>
#include <memory>

#include "core/analysis/prompt_fit.h"
#include "core/tokenize/chat_template.h"
#include "widgets/session/entrychange.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace widgets {

class PromptPieces;
class PromptsModel;
class Session;

class PromptEditor : public QWidget {
  Q_OBJECT
 public:
  explicit PromptEditor(Session* session, QWidget* parent = nullptr);
  ~PromptEditor() override;

  qint64 currentPrompt() const;
  void setCurrentPrompt(qint64 id);
  // The map the preview tokenizes with. Set automatically from the session's base checkpoint (loaded on
  // a worker); tests may set one directly.
  void setPreviewMap(std::shared_ptr<const core::tokenize::Tokenizer> tokenizer, qint64 context, const QString& name);
  // The base map's chat template for "Wrap in Chat Template" (null: `problem` says why there is none).
  // Set with the preview map when the base map loads; tests may set one directly.
  void setChatTemplate(std::shared_ptr<const core::tokenize::ChatTemplate> chat, const QString& problem);
  // Rewrites the editor's text as a user turn in the chat template (kept with Apply, like typing).
  void wrapInChatTemplate();
  // The preview's last result (null before the first); the text of the template problem, if any.
  const core::analysis::PromptFit* fit() const { return fit_.get(); }
  QString templateProblem() const { return templateProblem_; }

  QTableView* list() const { return list_; }
  QLineEdit* nameEdit() const { return name_; }
  QPlainTextEdit* textEdit() const { return text_; }
  QLineEdit* tagsEdit() const { return tags_; }
  QPlainTextEdit* noteEdit() const { return note_; }
  QPushButton* newButton() const { return new_; }
  QPushButton* duplicateButton() const { return duplicate_; }
  QPushButton* deleteButton() const { return delete_; }
  QPushButton* applyButton() const { return apply_; }
  QPushButton* wrapButton() const { return wrap_; }
  QLabel* chatStatusLabel() const { return chatStatus_; }
  QLabel* historyLabel() const { return history_; }
  QLabel* lengthLabel() const { return length_; }
  QLabel* problemLabel() const { return problem_; }
  PromptPieces* pieces() const { return pieces_; }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void showEvent(QShowEvent* event) override;

 Q_SIGNALS:
  // The preview was recomputed (fit() and templateProblem() are current).
  void previewUpdated();
  // A wrap finished: the text was rewritten, or chatStatusLabel() says why not.
  void chatWrapFinished(bool wrapped);

 private:
  QWidget* createListPane();
  QWidget* createEditorPane();
  void newPrompt();
  void duplicateCurrent();
  void removeCurrent();
  void apply();
  void commitName();
  void commitTags();
  void showCurrent();
  void updateButtons();
  void loadPreviewMap();
  void schedulePreview();
  void computePreview();
  void showPreview();

  Session* session_;
  PromptsModel* model_;
  QTableView* list_ = nullptr;
  QLineEdit* name_ = nullptr;
  QPlainTextEdit* text_ = nullptr;
  QLineEdit* tags_ = nullptr;
  QPlainTextEdit* note_ = nullptr;
  QPushButton *new_ = nullptr, *duplicate_ = nullptr, *delete_ = nullptr, *apply_ = nullptr, *wrap_ = nullptr;
  QLabel* chatStatus_ = nullptr;
  std::shared_ptr<const core::tokenize::ChatTemplate> chat_;
  QString chatProblem_;
  QLabel* history_ = nullptr;
  QLabel* mapLabel_ = nullptr;
  QLabel* length_ = nullptr;
  QLabel* problem_ = nullptr;
  QLabel* template_ = nullptr;
  PromptPieces* pieces_ = nullptr;
  QTimer* previewTimer_;

  std::shared_ptr<const core::tokenize::Tokenizer> tokenizer_;
  qint64 context_ = 0;
  QString mapName_, mapPath_, loadingPath_;
  std::shared_ptr<const core::analysis::PromptFit> fit_;
  QString templateProblem_, templateNote_;
  int previewGeneration_ = 0;
  // What the fields last showed of the current prompt, to tell the user's unkept typing from a change
  // that came from the Session (undo, redo).
  qint64 shownId_ = 0;
  QString shownText_, shownNote_;
};

}  // namespace widgets
