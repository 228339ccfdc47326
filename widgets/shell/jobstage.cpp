#include "widgets/shell/jobstage.h"

#include <QCoreApplication>
#include <iterator>

namespace widgets {
namespace {

// Every fixed stage name a job begins with (core::Job::begin in core/ and widgets/), for lupdate.
constexpr const char* kStages[] = {
    QT_TRANSLATE_NOOP("JobStage", "clicks"),
    QT_TRANSLATE_NOOP("JobStage", "converting weights"),
    QT_TRANSLATE_NOOP("JobStage", "copying session"),
    QT_TRANSLATE_NOOP("JobStage", "cross-scoring the samples"),
    QT_TRANSLATE_NOOP("JobStage", "dequantizing weights"),
    QT_TRANSLATE_NOOP("JobStage", "hashing weights"),
    QT_TRANSLATE_NOOP("JobStage", "histograms"),
    QT_TRANSLATE_NOOP("JobStage", "loading TorchScript"),
    QT_TRANSLATE_NOOP("JobStage", "loading tracks"),
    QT_TRANSLATE_NOOP("JobStage", "mapping weights"),
    QT_TRANSLATE_NOOP("JobStage", "preparing the document"),
    QT_TRANSLATE_NOOP("JobStage", "reading fortunes"),
    QT_TRANSLATE_NOOP("JobStage", "reading safetensors headers"),
    QT_TRANSLATE_NOOP("JobStage", "reading session"),
    QT_TRANSLATE_NOOP("JobStage", "reading shards"),
    QT_TRANSLATE_NOOP("JobStage", "reading the GGUF header"),
    QT_TRANSLATE_NOOP("JobStage", "recording the token shift"),
    QT_TRANSLATE_NOOP("JobStage", "sampling"),
    QT_TRANSLATE_NOOP("JobStage", "sampling side by side"),
    QT_TRANSLATE_NOOP("JobStage", "saving session"),
    QT_TRANSLATE_NOOP("JobStage", "scoring"),
    QT_TRANSLATE_NOOP("JobStage", "summarising"),
    QT_TRANSLATE_NOOP("JobStage", "token shift"),
    QT_TRANSLATE_NOOP("JobStage", "tokenizing"),
    QT_TRANSLATE_NOOP("JobStage", "tokenizing the training fortunes"),
    QT_TRANSLATE_NOOP("JobStage", "training the tokenizer"),
    QT_TRANSLATE_NOOP("JobStage", "writing a synthetic session"),
    QT_TRANSLATE_NOOP("JobStage", "writing checkpoints"),
    QT_TRANSLATE_NOOP("JobStage", "writing the merged run"),
    QT_TRANSLATE_NOOP("JobStage", "writing the token table"),
    QT_TRANSLATE_NOOP("JobStage", "zooming"),
};

}  // namespace

QString jobStageText(const std::string& stage) {
  for (const char* known : kStages)
    if (stage == known) return QCoreApplication::translate("JobStage", known);
  constexpr std::string_view reading = "reading ";
  if (stage.starts_with(reading))  // a territory file: core/territory/territory.cpp
    return QCoreApplication::translate("JobStage", "reading %1").arg(QString::fromStdString(stage.substr(reading.size())));
  return QString::fromStdString(stage);
}

}  // namespace widgets
