#pragma once
// widgets::PromptPieces: a sequence of token pieces drawn as boxes that wrap like text, each box one
// token (so the piece boundaries are visible), with its own fill and tooltip. Spaces show as "·",
// newlines as "↵" and tabs as "→", so a prompt's whitespace tokens can be seen. The prompt preview
// and the token shift strip draw with it. Painted by hand; GUI thread only.
#include <QColor>
#include <QString>
#include <QWidget>
#include <vector>

namespace widgets {

class PromptPieces : public QWidget {
  Q_OBJECT
 public:
  struct Piece {
    QString text;
    QColor fill;  // invalid: the palette's alternating shades
    QString tooltip;
  };

  explicit PromptPieces(QWidget* parent = nullptr);
  void setPieces(std::vector<Piece> pieces);
  const std::vector<Piece>& pieces() const { return pieces_; }
  // The box of piece `i` in widget coordinates (after a layout at the current width).
  QRect pieceRect(int i) const;
  // How a piece's text is shown: whitespace made visible.
  static QString visible(const QString& text);

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override { return {80, 24}; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  bool event(QEvent* event) override;

 private:
  std::vector<QRect> layoutFor(int width) const;

  std::vector<Piece> pieces_;
  std::vector<QRect> rects_;
};

}  // namespace widgets
