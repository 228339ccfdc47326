#include "widgets/preferences/preferences.h"

#include <QSettings>
#include <QStringList>

namespace widgets {
namespace {

QString& defaultCacheFolder() {
  static QString folder;
  return folder;
}

// The keys, in one place.
const QString kThreads = QStringLiteral("preferences/threads");
const QString kTopK = QStringLiteral("preferences/topK");
const QString kWindow = QStringLiteral("preferences/window");
const QString kStride = QStringLiteral("preferences/stride");
const QString kCacheFolder = QStringLiteral("preferences/cacheFolder");
const QString kPalette = QStringLiteral("preferences/palette");
const QString kLanguage = QStringLiteral("preferences/language");

// An integer setting within [low, high], else `fallback`.
int intValue(const QSettings& s, const QString& key, int fallback, int low, int high) {
  bool ok = false;
  const int v = s.value(key, fallback).toInt(&ok);
  return ok && v >= low && v <= high ? v : fallback;
}

template <class T>
void store(QSettings& s, const QString& key, const T& value, const T& fallback) {
  if (value == fallback) s.remove(key);
  else s.setValue(key, value);
}

}  // namespace

void Preferences::setDefaultCacheFolder(const QString& folder) { defaultCacheFolder() = folder; }

QStringList Preferences::languages() { return {QStringLiteral("en"), QStringLiteral("de")}; }

Preferences Preferences::defaults() {
  Preferences p;
  p.cacheFolder = defaultCacheFolder();
  return p;
}

Preferences Preferences::load() {
  const Preferences d = defaults();
  const QSettings s;
  Preferences p;
  p.threads = intValue(s, kThreads, d.threads, 0, 1024);
  p.topK = intValue(s, kTopK, d.topK, 1, 1000);  // the Run dialog's own limits (runrequest.h)
  p.window = intValue(s, kWindow, d.window, 0, 1 << 20);
  if (p.window == 1) p.window = d.window;
  p.stride = intValue(s, kStride, d.stride, 0, 1 << 20);
  p.cacheFolder = s.value(kCacheFolder, d.cacheFolder).toString();
  if (p.cacheFolder.trimmed().isEmpty()) p.cacheFolder = d.cacheFolder;
  p.palette = paletteFromKey(s.value(kPalette).toString()).value_or(d.palette);
  p.language = s.value(kLanguage, d.language).toString();
  if (!p.language.isEmpty() && !languages().contains(p.language)) p.language = d.language;
  return p;
}

void Preferences::save() const {
  const Preferences d = defaults();
  QSettings s;
  store(s, kThreads, threads, d.threads);
  store(s, kTopK, topK, d.topK);
  store(s, kWindow, window, d.window);
  store(s, kStride, stride, d.stride);
  store(s, kCacheFolder, cacheFolder.trimmed(), d.cacheFolder);
  store(s, kPalette, paletteKey(palette), paletteKey(d.palette));
  store(s, kLanguage, language, d.language);
}

}  // namespace widgets
