#include "widgets/runs/runrequest.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSet>

namespace widgets {
namespace {
// A class lupdate can see, so that these strings reach translations/ (a function wrapping
// QCoreApplication::translate hid them from it).
struct RunRequestText {
  Q_DECLARE_TR_FUNCTIONS(RunRequest)
};
}  // namespace

QString RunRequest::displayName() const {
  if (!name.trimmed().isEmpty()) return name.trimmed();
  QStringList names;
  for (const QString& p : checkpoints()) names << QFileInfo(p).fileName();
  QString text = names.join(QStringLiteral(" → "));
  if (!territory.isEmpty()) text += RunRequestText::tr(" on %1").arg(QFileInfo(territory).fileName());
  if (!prompt.isEmpty()) text += RunRequestText::tr(" (zoomed)");
  return text;
}

PathProbe PathProbe::fileSystem() {
  return {[](const QString& path) { return QFileInfo::exists(path); }};
}

std::vector<RunRequestProblem> validate(const RunRequest& r, const PathProbe& probe) {
  using Field = RunRequestProblem::Field;
  std::vector<RunRequestProblem> problems;
  auto add = [&](Field f, const QString& m) { problems.push_back({f, m}); };

  if (r.base.trimmed().isEmpty()) add(Field::Base, RunRequestText::tr("Choose the base checkpoint (the map the others are compared with)."));
  else if (!probe.exists(r.base)) add(Field::Base, RunRequestText::tr("The base checkpoint %1 does not exist.").arg(r.base));
  if (r.tuned.isEmpty()) add(Field::Tuned, RunRequestText::tr("Choose at least one tuned checkpoint to compare with the base."));
  QSet<QString> seen{r.base};
  for (const QString& t : r.tuned) {
    if (seen.contains(t)) add(Field::Tuned, RunRequestText::tr("%1 is chosen twice; each checkpoint takes part once.").arg(t));
    seen.insert(t);
    if (!probe.exists(t)) add(Field::Tuned, RunRequestText::tr("The tuned checkpoint %1 does not exist.").arg(t));
  }
  if (!r.tokenizer.trimmed().isEmpty() && !probe.exists(r.tokenizer))
    add(Field::Tokenizer, RunRequestText::tr("The tokenizer %1 does not exist.").arg(r.tokenizer));
  if (r.territory.trimmed().isEmpty()) add(Field::Territory, RunRequestText::tr("Choose the territory: a text, JSONL file or a folder of documents."));
  else if (!probe.exists(r.territory)) add(Field::Territory, RunRequestText::tr("The territory %1 does not exist.").arg(r.territory));

  const auto& s = r.settings;
  if (s.top_k < 1 || s.top_k > 1000) add(Field::TopK, RunRequestText::tr("Top-k must be between 1 and 1000 (it is %1).").arg(s.top_k));
  if (s.context != 0 && s.context < 2)
    add(Field::Window, RunRequestText::tr("The window must be 0 (the models' context) or at least 2 tokens (it is %1).").arg(s.context));
  if (s.stride < 0) add(Field::Stride, RunRequestText::tr("The stride must be 0 (half the window) or positive (it is %1).").arg(s.stride));
  if (s.context >= 2 && s.stride > s.context)
    add(Field::Stride, RunRequestText::tr("A stride of %1 would skip tokens: it must not exceed the window of %2.").arg(s.stride).arg(s.context));
  if (s.threads < 0) add(Field::Threads, RunRequestText::tr("Threads must be 0 (one per core) or more (it is %1).").arg(s.threads));
  if (s.device != "cpu" && s.device != "cuda")
    add(Field::Device, RunRequestText::tr("The device must be cpu or cuda (it is %1).").arg(QString::fromStdString(s.device)));
  // The names core::model::parse_weight_dtype reads (its header brings ATen, which widgets keep out).
  static const QSet<QString> kDtypes = {QStringLiteral("auto"), QStringLiteral("float32"), QStringLiteral("float16"),
                                        QStringLiteral("bfloat16")};
  if (!kDtypes.contains(QString::fromStdString(s.dtype)))
    add(Field::Dtype, RunRequestText::tr("The weights' dtype must be auto, float32, float16 or bfloat16 (it is %1).")
                          .arg(QString::fromStdString(s.dtype)));
  if (s.batch < 1) add(Field::Batch, RunRequestText::tr("The batch must hold at least one window (it is %1).").arg(s.batch));
  return problems;
}

QStringList torchScriptCheckpoints(const RunRequest& request) {
  QStringList out;
  for (const QString& path : request.checkpoints()) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("pt") || suffix == QLatin1String("pth") || suffix == QLatin1String("ts")) out << path;
  }
  return out;
}

}  // namespace widgets
