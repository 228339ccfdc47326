#include "widgets/territory/topkmodel.h"

#include <QColor>
#include <QFont>
#include <QPalette>
#include <cmath>

#include "widgets/display/mapcolors.h"

namespace widgets {

QString displayToken(const core::analysis::RunResult& run, std::int32_t id) {
  if (id < 0 || std::size_t(id) >= run.token_texts.size()) return QStringLiteral("⟨%1⟩").arg(id);
  QString s = QString::fromStdString(run.token_texts[std::size_t(id)]);
  s.replace(QLatin1Char('\n'), QStringLiteral("↵")).replace(QLatin1Char('\t'), QStringLiteral("⇥"));
  s.replace(QLatin1Char(' '), QStringLiteral("␣"));
  return s.isEmpty() ? QStringLiteral("∅") : s;
}

TopKModel::TopKModel(QObject* parent) : QAbstractTableModel(parent) {}

void TopKModel::setPosition(std::shared_ptr<const core::analysis::RunResult> run,
                            std::shared_ptr<const core::analysis::DocumentResult> doc, int document, int position) {
  beginResetModel();
  run_ = std::move(run);
  doc_ = std::move(doc);
  document_ = document;
  position_ = position;
  endResetModel();
}

void TopKModel::setColumns(const std::vector<int>& maps, const QStringList& names) {
  beginResetModel();
  maps_ = maps;
  names_ = names;
  endResetModel();
}

int TopKModel::truth() const {
  if (!run_ || !doc_ || document_ < 0) return -1;
  const auto& doc = *doc_;
  if (position_ < 0 || std::size_t(position_) >= doc.scored()) return -1;
  return doc.tokens[std::size_t(position_) + 1];
}

int TopKModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() || truth() < 0) return 0;
  const auto& doc = *doc_;
  int k = 0;
  for (int m : maps_)
    if (std::size_t(m) < doc.maps.size()) k = std::max(k, int(doc.maps[std::size_t(m)].top_k));
  return k;
}

int TopKModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(maps_.size()); }

QVariant TopKModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || truth() < 0) return {};
  const auto& doc = *doc_;
  const int m = maps_[std::size_t(index.column())];
  if (std::size_t(m) >= doc.maps.size()) return {};
  const auto& t = doc.maps[std::size_t(m)];
  const std::size_t i = std::size_t(position_) * std::size_t(t.top_k) + std::size_t(index.row());
  if (index.row() >= t.top_k || i >= t.top_ids.size()) return {};
  const std::int32_t id = t.top_ids[i];
  const float p = t.top_p[i];
  switch (role) {
    case Qt::DisplayRole: return QStringLiteral("%1  %2").arg(displayToken(*run_, id)).arg(double(p), 0, 'f', 3);
    case Qt::ToolTipRole:
      return tr("%1 gives “%2” probability %3").arg(names_.value(index.column()), displayToken(*run_, id)).arg(double(p), 0, 'g', 4);
    case TokenIdRole: return id;
    case ProbabilityRole: return double(p);
    case IsTruthRole: return id == truth();
    case Qt::FontRole:
      if (id == truth()) {
        QFont f;
        f.setBold(true);
        return f;
      }
      return {};
    case Qt::BackgroundRole:
      if (id == truth()) return QColor(255, 200, 80, 120);
      return {};
  }
  return {};
}

QVariant TopKModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation == Qt::Vertical) return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
  if (section < 0 || section >= int(maps_.size())) return {};
  if (role == Qt::DisplayRole) return names_.value(section);
  if (role == Qt::ForegroundRole) return mapColor(maps_[std::size_t(section)]);
  if (role == Qt::ToolTipRole) return tr("The %1 most probable next tokens under %2").arg(rowCount()).arg(names_.value(section));
  return {};
}

QString topKHtml(const core::analysis::RunResult& run, const core::analysis::DocumentResult& doc, int position,
                 const std::vector<int>& maps, const QStringList& names) {
  if (position < 0 || std::size_t(position) >= doc.scored()) return {};
  const std::int32_t truth = doc.tokens[std::size_t(position) + 1];
  QString html = QStringLiteral("<p><b>%1</b> &nbsp;%2</p><table cellspacing=0 cellpadding=2><tr><td></td>")
                     .arg(displayToken(run, truth).toHtmlEscaped(),
                          QObject::tr("token %1 of “%2”").arg(position + 1).arg(QString::fromStdString(doc.name).toHtmlEscaped()));
  for (std::size_t c = 0; c < maps.size(); ++c)
    html += QStringLiteral("<th style='color:%1'>%2</th>").arg(mapColor(maps[c]).name(), names.value(int(c)).toHtmlEscaped());
  html += QStringLiteral("</tr>");
  auto row = [&](const QString& label, auto cell) {
    html += QStringLiteral("<tr><td><i>%1</i></td>").arg(label);
    for (int m : maps) html += QStringLiteral("<td align=right>%1</td>").arg(std::size_t(m) < doc.maps.size() ? cell(doc.maps[std::size_t(m)]) : QString());
    html += QStringLiteral("</tr>");
  };
  const std::size_t p = std::size_t(position);
  row(QObject::tr("log p"), [p](const auto& t) { return QString::number(double(t.logp[p]), 'f', 3); });
  row(QObject::tr("rank"), [p](const auto& t) { return QString::number(t.rank[p]); });
  row(QObject::tr("entropy"), [p](const auto& t) { return QString::number(double(t.entropy[p]), 'f', 3); });
  row(QObject::tr("KL(base‖map)"), [p](const auto& t) {
    return p < t.kl_bt.size() ? QString::number(double(t.kl_bt[p]), 'f', 3) : QStringLiteral("—");
  });
  int k = 0;
  for (int m : maps)
    if (std::size_t(m) < doc.maps.size()) k = std::max(k, int(doc.maps[std::size_t(m)].top_k));
  for (int r = 0; r < std::min(k, 10); ++r) {
    html += QStringLiteral("<tr><td>%1</td>").arg(r + 1);
    for (int m : maps) {
      QString cell;
      if (std::size_t(m) < doc.maps.size()) {
        const auto& t = doc.maps[std::size_t(m)];
        const std::size_t i = p * std::size_t(t.top_k) + std::size_t(r);
        if (r < t.top_k && i < t.top_ids.size()) {
          const QString tok = displayToken(run, t.top_ids[i]).toHtmlEscaped();
          cell = QStringLiteral("%1&nbsp;%2").arg(t.top_ids[i] == truth ? QStringLiteral("<b><u>%1</u></b>").arg(tok) : tok)
                     .arg(double(t.top_p[i]), 0, 'f', 3);
        }
      }
      html += QStringLiteral("<td>%1</td>").arg(cell);
    }
    html += QStringLiteral("</tr>");
  }
  return html + QStringLiteral("</table>");
}

}  // namespace widgets
