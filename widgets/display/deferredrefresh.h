#pragma once
// widgets::DeferredRefresh: runs a view's refresh at once while the view can be seen, and otherwise
// once, when the view is next shown. A view in a background tab of a shown window (the Lineage view's
// fifteen charts, the Overview's six) would else lay out every chart on the GUI thread each time the
// session changes: the longest event-loop gap of opening a session was 140-175 ms that way. A view
// whose window was never shown (an offscreen test, a window built only to export) refreshes at once,
// as before, so reading it back needs no showing.
#include <QObject>
#include <functional>

class QWidget;

namespace widgets {

class DeferredRefresh : public QObject {
 public:
  DeferredRefresh(QWidget* view, std::function<void()> refresh);

  // Refresh now if the view is visible or its window is not shown; else on the view's next Show.
  void request();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QWidget* view_;
  std::function<void()> refresh_;
  bool pending_ = false;
};

}  // namespace widgets
