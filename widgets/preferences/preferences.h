#pragma once
// widgets::Preferences: the user's standing choices (docs/ARCHITECTURE.md, "Preferences"): what a new
// run starts from (threads, top-k, window, stride), where the demo is cached, the colour palette and
// the language. The one place that knows their QSettings keys (under `preferences/`) and defaults.
// A value type; load() and save() use a QSettings of their own (reentrant): any thread.
#include <QString>

#include "widgets/display/colorscale.h"

namespace widgets {

struct Preferences {
  int threads = 0;   // compute threads of a run; 0 = one per core
  int topK = 10;     // most probable tokens kept per position and map
  int window = 0;    // tokens; 0 = the models' context
  int stride = 0;    // tokens; 0 = half the window
  QString cacheFolder;  // where Open Demo builds and finds the demo; empty = the demo's own default
  ColorPalette palette = ColorPalette::RdBu;  // colour-blind safe
  QString language;  // "" = the system locale, else a language code ("de", "en")

  bool operator==(const Preferences&) const = default;

  // The defaults, with the cache folder set by setDefaultCacheFolder().
  static Preferences defaults();
  // The stored preferences; a missing or unusable value (a top-k of 0, an unknown palette) is its default.
  static Preferences load();
  // Stores every value; one equal to its default is removed, so a later default applies to it.
  void save() const;

  // app/gui knows the demo's cache rule (core::demo::default_demo_root), which widgets may not link.
  static void setDefaultCacheFolder(const QString& folder);
  // The languages offered besides the system's: their codes, "en" first.
  static QStringList languages();
};

}  // namespace widgets
