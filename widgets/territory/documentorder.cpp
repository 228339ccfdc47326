#include "widgets/territory/documentorder.h"

#include <QStringList>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>

#include "widgets/territory/documentsmodel.h"

namespace widgets {

bool naturalLess(const QString& a, const QString& b) {
  qsizetype i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].isDigit() && b[j].isDigit()) {
      qsizetype ei = i, ej = j;
      while (ei < a.size() && a[ei].isDigit()) ++ei;
      while (ej < b.size() && b[ej].isDigit()) ++ej;
      // Compare digit runs by value without overflow: drop leading zeros, then length, then digits.
      QStringView x = QStringView(a).mid(i, ei - i), y = QStringView(b).mid(j, ej - j);
      while (x.size() > 1 && x.front() == QLatin1Char('0')) x = x.mid(1);
      while (y.size() > 1 && y.front() == QLatin1Char('0')) y = y.mid(1);
      if (x.size() != y.size()) return x.size() < y.size();
      if (const int c = x.compare(y); c != 0) return c < 0;
      i = ei;
      j = ej;
      continue;
    }
    const QChar ca = a[i].toCaseFolded(), cb = b[j].toCaseFolded();
    if (ca != cb) return ca < cb;
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

double documentStatistic(const core::analysis::DocumentResult& doc, int map, int column) {
  const std::size_t m = std::size_t(map);
  if (map < 0 || m >= doc.stats.size()) return std::nan("");
  const core::analysis::DocumentStats& s = doc.stats[m];
  const core::analysis::DocumentStats& b = doc.stats[0];
  switch (column) {
    case DocumentsModel::TokensColumn: return double(s.tokens);
    case DocumentsModel::NllColumn: return s.nll_mean;
    case DocumentsModel::DeltaNllColumn: return map == 0 ? std::nan("") : s.nll_mean - b.nll_mean;
    case DocumentsModel::EntropyColumn: return s.entropy_mean;
    case DocumentsModel::Top1Column: return s.top1_accuracy;
    case DocumentsModel::KlBtColumn: return map == 0 ? std::nan("") : s.kl_bt_mean;
    case DocumentsModel::KlTbColumn: return map == 0 ? std::nan("") : s.kl_tb_mean;
    case DocumentsModel::JsColumn: return map == 0 ? std::nan("") : s.js_mean;
    case DocumentsModel::KlMaxColumn: return map == 0 ? std::nan("") : s.kl_max;
    case DocumentsModel::BitsPerByteColumn: return s.bits_per_byte;
  }
  return std::nan("");
}

QString documentMetadataText(const core::analysis::DocumentResult& doc) {
  QStringList parts;
  for (const auto& [k, v] : doc.metadata) parts << QString::fromStdString(k + "=" + v);
  return parts.join(QStringLiteral(", "));
}

namespace {

struct Cancelled {};

// naturalLess on UTF-8 names without making QStrings of them (a million names would be some 60 MB of
// them): byte by byte while both are ASCII, where a byte is a UTF-16 unit and folding is tolower; on the
// first other byte before the answer, naturalLess itself.
bool naturalLessUtf8(std::string_view a, std::string_view b) {
  const auto ascii = [](char c) { return static_cast<unsigned char>(c) < 0x80; };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  const auto slow = [&] { return naturalLess(QString::fromUtf8(a.data(), qsizetype(a.size())), QString::fromUtf8(b.data(), qsizetype(b.size()))); };
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (!ascii(a[i]) || !ascii(b[j])) return slow();
    if (digit(a[i]) && digit(b[j])) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && digit(a[ei])) ++ei;
      while (ej < b.size() && digit(b[ej])) ++ej;
      // A digit run might go on in a digit outside ASCII.
      if ((ei < a.size() && !ascii(a[ei])) || (ej < b.size() && !ascii(b[ej]))) return slow();
      std::string_view x = a.substr(i, ei - i), y = b.substr(j, ej - j);
      while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
      while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size();
      if (const int c = x.compare(y); c != 0) return c < 0;
      i = ei;
      j = ej;
      continue;
    }
    const char ca = fold(a[i]), cb = fold(b[j]);
    if (ca != cb) return static_cast<unsigned char>(ca) < static_cast<unsigned char>(cb);
    ++i;
    ++j;
  }
  // Whatever is left of one (counted in bytes or UTF-16 units alike: only whether it is empty matters
  // when the other is).
  return a.size() - i < b.size() - j;
}

// Sorts `rows` by `less` over their keys, stably, checking `cancel` every 65,536 comparisons (a
// million documents take some 20 million).
template <class Less>
bool sortRows(std::vector<int>& rows, Qt::SortOrder order, const core::CancelToken* cancel, Less less) {
  std::uint32_t compared = 0;
  auto checked = [&](int a, int b) {
    if (cancel && (++compared & 0xffff) == 0 && cancel->cancelled()) throw Cancelled{};
    return order == Qt::AscendingOrder ? less(a, b) : less(b, a);
  };
  try {
    std::stable_sort(rows.begin(), rows.end(), checked);
  } catch (const Cancelled&) {
    return false;
  }
  return true;
}

}  // namespace

std::optional<std::vector<int>> documentOrder(const core::analysis::RunResult& run, int map, int column,
                                              Qt::SortOrder order, const core::CancelToken* cancel) {
  const std::size_t n = run.documents.size();
  std::vector<int> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  bool sorted = true;
  if (column == DocumentsModel::NameColumn) {
    sorted = sortRows(rows, order, cancel, [&](int a, int b) {
      return naturalLessUtf8(run.documents[std::size_t(a)].name, run.documents[std::size_t(b)].name);
    });
  } else if (column == DocumentsModel::MetadataColumn) {
    std::vector<QString> keys(n);
    for (std::size_t d = 0; d < n; ++d) keys[d] = documentMetadataText(run.documents[d]);
    sorted = sortRows(rows, order, cancel, [&](int a, int b) { return naturalLess(keys[std::size_t(a)], keys[std::size_t(b)]); });
  } else {
    std::vector<double> keys(n);
    for (std::size_t d = 0; d < n; ++d) {
      const double v = documentStatistic(run.documents[d], map, column);
      keys[d] = std::isfinite(v) ? v : -1e300;
    }
    sorted = sortRows(rows, order, cancel, [&](int a, int b) { return keys[std::size_t(a)] < keys[std::size_t(b)]; });
  }
  if (!sorted) return std::nullopt;
  return rows;
}

}  // namespace widgets
