#include "widgets/studio/zoomstudio.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <mutex>
#include <set>

#include "core/analysis/token_zoom.h"
#include "widgets/session/selection.h"
#include "widgets/session/session.h"
#include "widgets/shell/jobsmodel.h"
#include "widgets/studio/rankingmodel.h"
#include "widgets/studio/zoombars.h"
#include "widgets/territory/topkmodel.h"

namespace widgets {

// What the token-zoom worker keeps between clicks: the loaded maps, the prompt's cache and the
// prepared document. One worker at a time holds the mutex.
struct TokenZoomState {
  std::mutex mutex;
  std::string maps;  // the loaded maps' paths, joined
  std::unique_ptr<core::analysis::TokenZoomer> zoomer;
  std::string prompt;
  std::pair<qint64, int> document{0, -1};  // run id, document index
};

namespace {

QTableView* makeTable(QAbstractItemModel* model, QWidget* parent) {
  auto* view = new QTableView(parent);
  view->setModel(model);
  view->setSortingEnabled(true);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->setSelectionMode(QAbstractItemView::SingleSelection);
  view->verticalHeader()->hide();
  view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  view->horizontalHeader()->setSectionResizeMode(RankingModel::PromptColumn, QHeaderView::Stretch);
  view->setWordWrap(false);
  return view;
}

QSortFilterProxyModel* sorter(RankingModel* model, QObject* parent) {
  auto* proxy = new QSortFilterProxyModel(parent);
  proxy->setSourceModel(model);
  proxy->setSortRole(RankingModel::SortRole);
  return proxy;
}

}  // namespace

ZoomStudio::ZoomStudio(Session* session, QWidget* parent)
    : QWidget(parent), session_(session), prompts_(new QListWidget(this)), run_(new QPushButton(tr("Zoom over the territory"), this)),
      grouping_(new QComboBox(this)), tokenPrompt_(new QComboBox(this)), status_(new QLabel(this)),
      ranking_(new RankingModel(this)), best_(new RankingModel(this)), rankingSort_(sorter(ranking_, this)),
      bestSort_(sorter(best_, this)), rankingView_(makeTable(rankingSort_, this)), bestView_(makeTable(bestSort_, this)),
      bars_(new ZoomBars(this)), tokenState_(std::make_shared<TokenZoomState>()) {
  auto* left = new QWidget(this);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(new QLabel(tr("Prompts (checked ones are zoomed)"), left));
  leftLayout->addWidget(prompts_);
  leftLayout->addWidget(run_);
  status_->setWordWrap(true);
  leftLayout->addWidget(status_);
  run_->setToolTip(tr("Zoom the base map of the current run with each checked prompt; the maps the run stored are reused"));

  auto* rankingBox = new QWidget(this);
  auto* rankingLayout = new QVBoxLayout(rankingBox);
  rankingLayout->setContentsMargins(0, 0, 0, 0);
  rankingLayout->addWidget(new QLabel(tr("Ranking: share of each tuning each prompt explains"), rankingBox));
  rankingLayout->addWidget(rankingView_);
  auto* bestRow = new QHBoxLayout();
  bestRow->addWidget(new QLabel(tr("Best prompt"), rankingBox));
  bestRow->addWidget(grouping_, 1);
  rankingLayout->addLayout(bestRow);
  rankingLayout->addWidget(bestView_);

  auto* barsBox = new QWidget(this);
  auto* barsLayout = new QVBoxLayout(barsBox);
  barsLayout->setContentsMargins(0, 0, 0, 0);
  auto* tokenRow = new QHBoxLayout();
  tokenRow->addWidget(new QLabel(tr("Zoom at the selected token with"), barsBox));
  tokenRow->addWidget(tokenPrompt_, 1);
  barsLayout->addLayout(tokenRow);
  barsLayout->addWidget(bars_, 1);

  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(rankingBox);
  right->addWidget(barsBox);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 3);
  right->setStretchFactor(0, 2);
  right->setStretchFactor(1, 3);
  rankingView_->setColumnHidden(RankingModel::GroupColumn, true);  // the plain ranking has no groups
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  connect(run_, &QPushButton::clicked, this, &ZoomStudio::runZoom);
  connect(session_, &Session::promptsChanged, this, &ZoomStudio::reloadPrompts);
  connect(session_, &Session::opened, this, &ZoomStudio::reloadPrompts);
  connect(session_, &Session::digestChanged, this, &ZoomStudio::showZoom);  // the slice changed
  connect(grouping_, &QComboBox::currentIndexChanged, this, &ZoomStudio::showZoom);
  connect(tokenPrompt_, &QComboBox::currentIndexChanged, this, &ZoomStudio::zoomAtToken);
  connect(session_->selection(), &Selection::tokenChanged, this, &ZoomStudio::zoomAtToken);
  connect(rankingView_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& i) {
    if (i.isValid()) tokenPrompt_->setCurrentIndex(i.data(RankingModel::PromptIndexRole).toInt());
  });
  reloadPrompts();
}

ZoomStudio::~ZoomStudio() = default;

int ZoomStudio::tokenPrompt() const { return tokenPrompt_->currentIndex(); }

void ZoomStudio::reloadPrompts() {
  std::set<QString> checked;
  for (int i = 0; i < prompts_->count(); ++i)
    if (prompts_->item(i)->checkState() == Qt::Checked) checked.insert(prompts_->item(i)->data(Qt::UserRole).toString());
  prompts_->clear();
  for (const auto& p : session_->prompts()) {
    auto* item = new QListWidgetItem(p.name, prompts_);
    item->setData(Qt::UserRole, p.text);
    item->setToolTip(p.text);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(checked.count(p.text) ? Qt::Checked : Qt::Unchecked);
  }
}

void ZoomStudio::checkAllPrompts(bool checked) {
  for (int i = 0; i < prompts_->count(); ++i) prompts_->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

std::vector<core::analysis::ZoomPrompt> ZoomStudio::checkedPrompts() const {
  std::vector<core::analysis::ZoomPrompt> all, checked;
  for (int i = 0; i < prompts_->count(); ++i) {
    const QListWidgetItem* item = prompts_->item(i);
    core::analysis::ZoomPrompt p{0, item->text().toStdString(), item->data(Qt::UserRole).toString().toStdString()};
    all.push_back(p);
    if (item->checkState() == Qt::Checked) checked.push_back(p);
  }
  return checked.empty() ? all : checked;
}

void ZoomStudio::runZoom() {
  const auto run = session_->currentRun();
  if (!run || session_->path().isEmpty()) {
    status_->setText(tr("Open a session and a run first."));
    return;
  }
  core::store::ZoomOrder order;
  for (const auto& m : run->maps)
    if (m.role != core::analysis::MapRole::Zoomed) order.run.maps.push_back({m.path, m.name});
  order.run.territory_path = run->territory.source;
  order.run.settings = run->settings;
  order.run.settings.prompt.clear();
  order.run.load.hash_weights = true;  // the stored run is found by the maps' sha256
  order.run.session_path = session_->path().toStdString();
  order.prompts = checkedPrompts();
  if (order.prompts.empty()) {
    status_->setText(tr("The session has no prompts to zoom with."));
    return;
  }
  run_->setEnabled(false);
  status_->setText(tr("Zooming with %n prompt(s)…", nullptr, int(order.prompts.size())));
  using Out = std::shared_ptr<const core::store::ExecutedZoom>;
  session_->jobs()->start<Out>(
      tr("Zoom run"),
      [order](core::Job& job) -> core::Result<Out> {
        auto z = core::store::execute_zoom(order, job);
        if (!z) return std::unexpected(z.error());
        return std::make_shared<const core::store::ExecutedZoom>(std::move(*z));
      },
      this, [this](core::Result<Out> z) {
        run_->setEnabled(true);
        if (!z) {
          status_->setText(QString::fromStdString(z.error().message));
          Q_EMIT session_->issue(IssuesModel::Severity::Error, tr("Zoom run"), QString::fromStdString(z.error().what()));
          return;
        }
        zoom_ = *z;
        status_->setText(zoom_->reused_run ? tr("Reused the stored run; zoomed in %1 s.").arg(zoom_->zoom_seconds, 0, 'f', 1)
                                           : tr("Computed the unprompted run and zoomed in %1 s.")
                                                 .arg(zoom_->source_seconds + zoom_->zoom_seconds, 0, 'f', 1));
        QSignalBlocker block(tokenPrompt_);
        tokenPrompt_->clear();
        for (const auto& p : zoom_->zoom.prompts) tokenPrompt_->addItem(promptLabel(p));
        QSignalBlocker blockGrouping(grouping_);
        grouping_->clear();
        grouping_->addItem(tr("per document"), QString());
        std::set<std::string> fields;
        for (const auto& d : zoom_->source->documents)
          for (const auto& [k, v] : d.metadata) fields.insert(k);
        for (const auto& f : fields) grouping_->addItem(tr("per %1").arg(QString::fromStdString(f)), QString::fromStdString(f));
        if (grouping_->count() > 1) grouping_->setCurrentIndex(1);
        showZoom();
        zoomAtToken();
        Q_EMIT zoomFinished();
      });
}

void ZoomStudio::setGrouping(const QString& field) {
  const int i = grouping_->findData(field);
  if (i >= 0) grouping_->setCurrentIndex(i);
}

void ZoomStudio::setTokenPrompt(int prompt) { tokenPrompt_->setCurrentIndex(prompt); }

void ZoomStudio::showZoom() {
  if (!zoom_) return;
  const auto zoom = zoom_;
  // Over the current slice when the run it selects has the zoom's positions.
  auto positions = session_->positions();
  if (positions && positions->flags.size() != zoom->source->documents.size()) positions.reset();
  const std::string field = grouping_->currentData().toString().toStdString();
  struct Tables {
    std::vector<RankingModel::Row> ranking, best;
  };
  session_->jobs()->start<std::shared_ptr<Tables>>(
      tr("Zoom ranking"),
      [zoom, positions, field](core::Job&) -> core::Result<std::shared_ptr<Tables>> {
        auto t = std::make_shared<Tables>();
        t->ranking = RankingModel::fromRows(zoom->zoom, core::analysis::zoom_rows(zoom->zoom, *zoom->source, positions.get()));
        t->best = RankingModel::fromBest(zoom->zoom, field.empty() ? core::analysis::best_per_document(zoom->zoom, *zoom->source)
                                                                  : core::analysis::best_per_value(zoom->zoom, *zoom->source, field));
        return t;
      },
      this, [this, field](core::Result<std::shared_ptr<Tables>> t) {
        if (!t) return;
        ranking_->setRows(std::move((*t)->ranking));
        best_->setRows(std::move((*t)->best), field.empty() ? tr("Document") : QString::fromStdString(field));
        rankingView_->sortByColumn(RankingModel::RecoveredColumn, Qt::DescendingOrder);
        bestView_->sortByColumn(RankingModel::GroupColumn, Qt::AscendingOrder);
      });
}

void ZoomStudio::zoomAtToken() {
  const auto run = session_->currentRun();
  const int document = session_->selection()->document(), position = session_->selection()->position();
  const int prompt = tokenPrompt_->currentIndex();
  if (!zoom_ || !run || document < 0 || position < 0 || prompt < 0 || std::size_t(document) >= run->documents.size()) {
    if (!zoom_) bars_->setMessage(tr("Zoom over the territory first, then choose a token in the Territory view."));
    return;
  }
  std::vector<core::model::Checkpoint> none;
  std::vector<std::string> paths, names;
  for (const auto& m : run->maps)
    if (m.role != core::analysis::MapRole::Zoomed) paths.push_back(m.path), names.push_back(m.name);
  const std::string text = zoom_->zoom.prompts[std::size_t(prompt)].text;
  const auto tokens = run->documents[std::size_t(document)].tokens;
  const auto state = tokenState_;
  const qint64 runId = session_->selection()->run();
  const std::int64_t window = run->window, stride = run->stride, asked = run->settings.stride;
  const int request = ++tokenRequest_;
  bars_->setMessage(tr("Zooming at the token…"));
  session_->jobs()->start<core::analysis::TokenZoom>(
      tr("Zoom at a token"),
      [=](core::Job& job) -> core::Result<core::analysis::TokenZoom> {
        std::lock_guard lock(state->mutex);
        std::string key;
        for (const auto& p : paths) key += p + "\n";
        if (state->maps != key || !state->zoomer) {
          std::vector<core::model::Checkpoint> maps;
          core::model::LoadOptions options;
          options.hash_weights = false;
          for (const auto& p : paths) {
            auto c = core::model::load_checkpoint(p, options, job);
            if (!c) return std::unexpected(c.error());
            maps.push_back(std::move(*c));
          }
          state->zoomer = std::make_unique<core::analysis::TokenZoomer>(std::move(maps), names, window, stride, asked, 10);
          state->maps = key;
          state->prompt.clear();
        }
        if (state->prompt != text) {
          if (auto ok = state->zoomer->set_prompt(text); !ok) return std::unexpected(ok.error());
          state->prompt = text;
          state->document = {0, -1};
        }
        if (state->document != std::pair(runId, document)) {
          if (auto ok = state->zoomer->prepare(tokens, job); !ok) return std::unexpected(ok.error());
          state->document = {runId, document};
        }
        return state->zoomer->at(position);
      },
      this, [this, request, run](core::Result<core::analysis::TokenZoom> z) {
        if (request != tokenRequest_) return;  // a later click supersedes this one
        if (!z) {
          bars_->setMessage(QString::fromStdString(z.error().message));
          return;
        }
        QStringList texts;
        for (std::int32_t id : z->ids) texts << displayToken(*run, id);
        bars_->setZoom(*z, texts, displayToken(*run, z->target));
        Q_EMIT tokenZoomed();
      });
}

}  // namespace widgets
