#include "widgets/session/selection.h"

namespace widgets {

Selection::Selection(QObject* parent) : QObject(parent) {}

void Selection::setRun(qint64 run) {
  if (run == run_) return;
  run_ = run;
  document_ = -1;
  position_ = -1;
  span_ = {};
  Q_EMIT runChanged(run_);
  Q_EMIT documentChanged(document_);
  Q_EMIT tokenChanged(document_, position_);
  Q_EMIT spanChanged(span_);
}

void Selection::setDocument(int document) {
  if (document == document_) return;
  document_ = document;
  position_ = -1;
  span_ = {};
  Q_EMIT documentChanged(document_);
  Q_EMIT tokenChanged(document_, position_);
  Q_EMIT spanChanged(span_);
}

void Selection::setToken(int document, int position) {
  // Everything changes before anything is announced, so a listener to documentChanged that asks for
  // position() already sees the new token.
  const bool documentMoved = document != document_;
  const bool tokenMoved = documentMoved || position != position_;
  const Span span{document, position, position};
  const bool spanMoved = !(span == span_);
  document_ = document;
  position_ = position;
  span_ = span;
  if (documentMoved) Q_EMIT documentChanged(document_);
  if (tokenMoved) Q_EMIT tokenChanged(document_, position_);
  if (spanMoved) Q_EMIT spanChanged(span_);
}

void Selection::setSpan(int document, int first, int last) {
  if (first > last) std::swap(first, last);
  if (document != document_) setDocument(document);
  const Span span{document, first, last};
  if (span == span_) return;
  span_ = span;
  Q_EMIT spanChanged(span_);
}

void Selection::clearToken() { setToken(document_, -1); }

void Selection::setMap(int map) {
  if (map == map_) return;
  map_ = map;
  Q_EMIT mapChanged(map_);
}

void Selection::setSlice(qint64 slice) {
  if (slice == slice_) return;
  slice_ = slice;
  Q_EMIT sliceChanged(slice_);
}

}  // namespace widgets
