#pragma once
// core::analysis::MetadataFields: a document's slicing fields (metadata from the territory), shared
// between the documents that carry the same fields.
//
// A territory repeats a few metadata texts over many documents (a split, a source, a category), and a
// run of a million documents held a map per document: about 150 bytes and an allocation each, a quarter
// of an opened run's memory (docs/ARCHITECTURE.md, "Lazy tracks"). Copies share one immutable map;
// the first change to a shared copy gives it its own (copy on write). Reading never copies, so the
// const interface is a std::map's; changing goes through operator[], try_emplace, clear or edit().
//
// Copies may be read from several threads at once (the share count is atomic); changing one is the
// owner's business, as with any value.
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace core::analysis {

class MetadataFields {
 public:
  using Map = std::map<std::string, std::string>;
  using const_iterator = Map::const_iterator;
  using value_type = Map::value_type;

  MetadataFields() = default;
  MetadataFields(Map fields)  // NOLINT(google-explicit-constructor): a map is a document's fields
      : map_(fields.empty() ? nullptr : std::make_shared<Map>(std::move(fields))) {}
  MetadataFields(std::initializer_list<value_type> fields) : MetadataFields(Map(fields)) {}

  const Map& map() const { return map_ ? *map_ : none(); }
  operator const Map&() const { return map(); }  // NOLINT(google-explicit-constructor)

  const_iterator begin() const { return map().begin(); }
  const_iterator end() const { return map().end(); }
  const_iterator find(const std::string& key) const { return map().find(key); }
  std::size_t count(const std::string& key) const { return map().count(key); }
  const std::string& at(const std::string& key) const { return map().at(key); }
  bool empty() const { return !map_ || map_->empty(); }
  std::size_t size() const { return map_ ? map_->size() : 0; }

  // This document's own map, copied first when another document shares it.
  Map& edit() {
    if (!map_) map_ = std::make_shared<Map>();
    else if (map_.use_count() > 1) map_ = std::make_shared<Map>(*map_);
    return *map_;
  }
  std::string& operator[](const std::string& key) { return edit()[key]; }
  template <class... Args>
  auto try_emplace(const std::string& key, Args&&... args) {
    return edit().try_emplace(key, std::forward<Args>(args)...);
  }
  void clear() { map_.reset(); }

  // Whether two documents carry the very same map (a test's measure of sharing).
  bool shares_with(const MetadataFields& other) const { return map_ && map_ == other.map_; }

  friend bool operator==(const MetadataFields& a, const MetadataFields& b) {
    return a.map_ == b.map_ || a.map() == b.map();
  }
  friend bool operator==(const MetadataFields& a, const Map& b) { return a.map() == b; }

 private:
  static const Map& none() {
    static const Map none;
    return none;
  }
  std::shared_ptr<Map> map_;
};

}  // namespace core::analysis
