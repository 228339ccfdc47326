// widgets::PromptEditor's "Wrap in Chat Template": the prompt rewritten as a user turn in the base
// map's chat template (core/tokenize/chat_template.h), rendered on a pool thread.
#include <QCoreApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTextCursor>
#include <QThreadPool>

#include "core/analysis/prompt_template.h"
#include "widgets/studio/prompteditor.h"

namespace widgets {
namespace {

struct WrapOutcome {
  QString text, problem;
};

// The library reads `{field}` in a prompt as a template field, so a wrap must not add fields of its
// own: braces the chat template writes would silently become fields (see docs/ARCHITECTURE.md,
// "Prompt library").
WrapOutcome wrap(const core::tokenize::ChatTemplate& chat, const core::tokenize::Tokenizer& tokenizer,
                 const std::string& text) {
  auto wrapped = core::tokenize::user_turn_prompt(chat, tokenizer, text);
  if (!wrapped) return {{}, QString::fromStdString(wrapped.error().what())};
  const auto before = core::analysis::parse_prompt_template("prompt", text);
  const auto after = core::analysis::parse_prompt_template("prompt", *wrapped);
  if (before && (!after || core::analysis::template_fields(*after) != core::analysis::template_fields(*before)))
    return {{}, PromptEditor::tr("the chat template writes braces of its own, which the prompt library would read "
                                 "as {field} placeholders")};
  return {QString::fromStdString(*wrapped), {}};
}

}  // namespace

void PromptEditor::setChatTemplate(std::shared_ptr<const core::tokenize::ChatTemplate> chat, const QString& problem) {
  chat_ = std::move(chat);
  chatProblem_ = problem;
}

void PromptEditor::wrapInChatTemplate() {
  const auto say = [this](const QString& text, bool wrapped) {
    chatStatus_->setText(text);
    chatStatus_->setStyleSheet(wrapped ? QString() : QStringLiteral("color: #c0392b"));
    chatStatus_->setVisible(!text.isEmpty());
    Q_EMIT chatWrapFinished(wrapped);
  };
  if (!tokenizer_ || (!chat_ && chatProblem_.isEmpty())) {
    say(tr("Cannot wrap yet: the base map's tokenizer and chat template are still loading (or there is no base "
           "map in the session)."),
        false);
    return;
  }
  if (!chat_) {
    // The problem names the map's file and says what is missing (or what failed to parse).
    say(tr("Cannot wrap: %1").arg(chatProblem_), false);
    return;
  }
  wrap_->setEnabled(false);
  auto chat = chat_;
  auto tokenizer = tokenizer_;
  const std::string text = text_->toPlainText().toStdString();
  const qint64 prompt = currentPrompt();
  QPointer<PromptEditor> self(this);
  QThreadPool::globalInstance()->start([=] {
    auto outcome = std::make_shared<WrapOutcome>(wrap(*chat, *tokenizer, text));
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [self, prompt, outcome, say] {
          if (!self) return;
          self->updateButtons();
          if (prompt != self->currentPrompt()) return;  // the user moved on to another prompt
          if (!outcome->problem.isEmpty()) {
            say(tr("Cannot wrap: %1").arg(outcome->problem), false);
            return;
          }
          QTextCursor cursor(self->text_->document());  // one step of the editor's own undo
          cursor.select(QTextCursor::Document);
          cursor.insertText(outcome->text);
          say(tr("Wrapped as a user turn in the chat template of %1; Apply keeps it as a new version.")
                  .arg(self->mapName_),
              true);
        },
        Qt::QueuedConnection);
  });
}

}  // namespace widgets
