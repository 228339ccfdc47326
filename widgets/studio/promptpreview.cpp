// widgets::PromptEditor's live preview: the base map's tokenizer loaded on a worker, a prompt (or a
// template, filled for the current run's documents) tokenized on a pool thread, and the result shown.
#include <QCoreApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QLineEdit>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

#include "core/analysis/prompt_template.h"
#include "core/model/checkpoint.h"
#include "core/model/map_chat_template.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/studio/prompteditor.h"
#include "widgets/studio/promptpieces.h"

namespace widgets {
namespace {

struct PreviewMap {
  std::shared_ptr<const core::tokenize::Tokenizer> tokenizer;
  qint64 context = 0;
  QString problem;  // why there is no tokenizer: shown in the preview, not raised as an issue
  std::shared_ptr<const core::tokenize::ChatTemplate> chat;
  QString chatProblem;  // why there is no chat template
};

struct PreviewOutcome {
  std::shared_ptr<const core::analysis::PromptFit> fit;
  QString templateNote, templateProblem;
};

// Fills a template for the longest document (the tightest fit) after checking every document has
// its fields; plain text is previewed as it is.
PreviewOutcome previewPrompt(const core::tokenize::Tokenizer& tokenizer, qint64 context, const std::string& name,
                             const std::string& text, std::shared_ptr<const core::analysis::RunResult> run) {
  PreviewOutcome out;
  std::string fitted = text;
  const auto parts = core::analysis::parse_prompt_template(name, text);
  if (!parts) {
    out.templateProblem = QString::fromStdString(parts.error().message);
  } else if (const auto fields = core::analysis::template_fields(*parts); !fields.empty()) {
    QStringList names;
    for (const auto& f : fields) names << QStringLiteral("{%1}").arg(QString::fromStdString(f));
    if (!run || run->documents.empty()) {
      out.templateNote = PromptEditor::tr("Template: %1 is filled from each document's metadata; open a run to "
                                          "check its documents.").arg(names.join(QStringLiteral(", ")));
    } else {
      std::vector<core::analysis::TemplateDocument> documents;
      documents.reserve(run->documents.size());
      for (const auto& d : run->documents) documents.push_back({d.name, d.metadata});
      const auto filled = core::analysis::expand_prompt_for_documents(name, text, documents);
      if (!filled) {
        out.templateProblem = QString::fromStdString(filled.error().message);
      } else {
        std::size_t longest = 0;
        for (std::size_t i = 1; i < filled->size(); ++i)
          if ((*filled)[i].size() > (*filled)[longest].size()) longest = i;
        fitted = (*filled)[longest];
        out.templateNote = PromptEditor::tr("Template: %1 filled from each of %n document(s); shown for “%2”, the "
                                            "longest filling.", nullptr, int(filled->size()))
                               .arg(names.join(QStringLiteral(", ")), QString::fromStdString(documents[longest].name));
      }
    }
  }
  out.fit = std::make_shared<const core::analysis::PromptFit>(
      core::analysis::fit_prompt(tokenizer, context, name, fitted));
  return out;
}

}  // namespace

// ---------------------------------------------------------------- preview

void PromptEditor::setPreviewMap(std::shared_ptr<const core::tokenize::Tokenizer> tokenizer, qint64 context,
                                 const QString& name) {
  tokenizer_ = std::move(tokenizer);
  context_ = context;
  mapName_ = name;
  mapLabel_->setText(tokenizer_ ? tr("Tokens of the base map %1 (window %2 tokens)").arg(name).arg(context)
                                : tr("The base map %1 has no tokenizer: no preview.").arg(name));
  schedulePreview();
}

void PromptEditor::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  loadPreviewMap();
}

void PromptEditor::loadPreviewMap() {
  // Loaded when the editor is first seen: opening a session costs nothing for the Studio.
  if (!isVisible()) return;
  const CheckpointEntry* base = nullptr;
  for (const CheckpointEntry& c : session_->checkpoints())
    if (c.role == core::analysis::MapRole::Base) base = &c;
  if (!base) return;
  if (base->path == mapPath_ || base->path == loadingPath_) {
    if (base->name != mapName_ && tokenizer_) setPreviewMap(tokenizer_, context_, base->name);
    return;
  }
  loadingPath_ = base->path;
  const QString path = base->path, name = base->name;
  mapLabel_->setText(tr("Loading the tokenizer of %1…").arg(name));
  session_->jobs()->start<PreviewMap>(
      tr("Load tokenizer of %1").arg(name),
      [path](core::Job& job) -> core::Result<PreviewMap> {
        core::model::LoadOptions options;
        options.hash_weights = false;  // only the tokenizer and the window are needed
        options.weight_memory = core::model::WeightMemory::Map;
        auto checkpoint = core::model::load_checkpoint(path.toStdString(), options, job);
        // A base map that cannot be loaded is the run's to report; the preview only says so.
        if (!checkpoint && checkpoint.error().code == core::ErrorCode::Cancelled)
          return std::unexpected(checkpoint.error());
        if (!checkpoint) return PreviewMap{nullptr, 0, QString::fromStdString(checkpoint.error().what()), {}, {}};
        PreviewMap map{checkpoint->tokenizer, checkpoint->info.context_length, {}, {}, {}};
        if (auto chat = core::model::load_chat_template(path.toStdString()))
          map.chat = std::make_shared<const core::tokenize::ChatTemplate>(std::move(*chat));
        else
          map.chatProblem = QString::fromStdString(chat.error().what());
        return map;
      },
      this,
      [this, path, name](core::Result<PreviewMap> r) {
        if (loadingPath_ == path) loadingPath_.clear();
        if (!r) return;
        if (!r->problem.isEmpty()) {
          mapLabel_->setText(tr("No preview: the base map %1 could not be loaded (%2)").arg(name, r->problem));
          return;
        }
        mapPath_ = path;
        setPreviewMap(r->tokenizer, r->context > 0 ? r->context : 1024, name);
        setChatTemplate(r->chat, r->chatProblem);
      });
}

void PromptEditor::schedulePreview() { previewTimer_->start(); }

void PromptEditor::computePreview() {
  const int generation = ++previewGeneration_;
  if (!tokenizer_ || currentPrompt() == 0) {
    fit_.reset();
    templateProblem_.clear();
    templateNote_.clear();
    showPreview();
    return;
  }
  QString name = name_->text();
  auto tokenizer = tokenizer_;
  const qint64 context = context_;
  const std::string text = text_->toPlainText().toStdString();
  auto run = session_->currentRun();
  QPointer<PromptEditor> self(this);
  QThreadPool::globalInstance()->start([=] {
    auto outcome = std::make_shared<PreviewOutcome>(previewPrompt(*tokenizer, context, name.toStdString(), text, run));
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [self, generation, outcome] {
          if (!self || generation != self->previewGeneration_) return;
          self->fit_ = outcome->fit;
          self->templateProblem_ = outcome->templateProblem;
          self->templateNote_ = outcome->templateNote;
          self->showPreview();
        },
        Qt::QueuedConnection);
  });
}

void PromptEditor::showPreview() {
  std::vector<PromptPieces::Piece> pieces;
  if (fit_) {
    pieces.reserve(fit_->pieces.size());
    for (std::size_t i = 0; i < fit_->pieces.size(); ++i)
      pieces.push_back({QString::fromStdString(fit_->pieces[i]), {},
                        tr("token %1: id %2").arg(i + 1).arg(fit_->ids[i])});
    length_->setText(tr("%n token(s) of a %1-token window: %2% left for the territory", nullptr, int(fit_->tokens()))
                         .arg(fit_->context)
                         .arg(100.0 * fit_->territory_share, 0, 'f', 1));
  } else {
    length_->clear();
  }
  pieces_->setPieces(std::move(pieces));
  const QString problem = fit_ && !fit_->fits() ? QString::fromStdString(fit_->problem) : QString();
  QStringList problems;
  if (!problem.isEmpty()) problems << problem;
  if (!templateProblem_.isEmpty()) problems << templateProblem_;
  problem_->setText(problems.join(QLatin1Char('\n')));
  problem_->setVisible(!problems.isEmpty());
  template_->setText(templateNote_);
  template_->setVisible(!templateNote_.isEmpty());
  Q_EMIT previewUpdated();
}

}  // namespace widgets
