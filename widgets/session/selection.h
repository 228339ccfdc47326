#pragma once
// widgets::Selection: what the user is looking at, shared by every view: the run, the document, the
// token (scored position), the span being annotated, the map (checkpoint row) and the slice that
// restricts every view. Views set it and listen to it; they never call each other.
// GUI thread only. Owned by widgets::Session.
#include <QObject>

namespace widgets {

class Selection : public QObject {
  Q_OBJECT
 public:
  // A run of consecutive scored positions in one document, inclusive on both ends.
  struct Span {
    int document = -1, first = -1, last = -1;
    bool isValid() const { return document >= 0 && first >= 0 && last >= first; }
    bool contains(int doc, int pos) const { return doc == document && pos >= first && pos <= last; }
    bool operator==(const Span&) const = default;
  };

  explicit Selection(QObject* parent = nullptr);

  qint64 run() const { return run_; }          // 0 = none
  int document() const { return document_; }   // index into RunResult::documents, -1 = none
  int position() const { return position_; }   // scored position in the document, -1 = none
  int map() const { return map_; }             // index into RunResult::maps
  qint64 slice() const { return slice_; }      // 0 = every position
  Span span() const { return span_; }

  // A new run clears the document, token and span (they index into the old run).
  void setRun(qint64 run);
  // Changing the document clears the token and span.
  void setDocument(int document);
  // Chooses one token (and its document); the span collapses onto it.
  void setToken(int document, int position);
  void setSpan(int document, int first, int last);
  void setMap(int map);
  void setSlice(qint64 slice);
  void clearToken();

 Q_SIGNALS:
  void runChanged(qint64 run);
  void documentChanged(int document);
  void tokenChanged(int document, int position);
  void spanChanged(const widgets::Selection::Span& span);
  void mapChanged(int map);
  void sliceChanged(qint64 slice);

 private:
  qint64 run_ = 0;
  int document_ = -1;
  int position_ = -1;
  int map_ = 1;
  qint64 slice_ = 0;
  Span span_;
};

}  // namespace widgets
