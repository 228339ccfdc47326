#include "core/store/detail/json_codec.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/analysis/fields.h"

namespace core::store::detail {
namespace {

using nlohmann::json;

json number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return v;
}

void read(const json& j, const char* key, double& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if (it->is_number()) {
    out = it->get<double>();
  } else if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    if (s == "NaN") out = std::numeric_limits<double>::quiet_NaN();
    else if (s == "Infinity") out = std::numeric_limits<double>::infinity();
    else if (s == "-Infinity") out = -std::numeric_limits<double>::infinity();
    else throw std::runtime_error(std::string("field ") + key + " is not a number");
  } else {
    throw std::runtime_error(std::string("field ") + key + " is not a number");
  }
}

template <class Int>
void read(const json& j, const char* key, Int& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if (!it->is_number_integer()) throw std::runtime_error(std::string("field ") + key + " is not an integer");
  out = it->get<Int>();
}

void read(const json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if (!it->is_string()) throw std::runtime_error(std::string("field ") + key + " is not a string");
  out = it->get<std::string>();
}

void read(const json& j, const char* key, bool& out) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if (!it->is_boolean()) throw std::runtime_error(std::string("field ") + key + " is not a boolean");
  out = it->get<bool>();
}

template <class T, class Fn>
Result<T> parse(const std::string& text, const char* what, Fn&& fn) {
  try {
    json j = json::parse(text);
    return fn(j);
  } catch (const std::exception& e) {
    return fail(ErrorCode::Corrupt, std::string("the session file is corrupt: unreadable ") + what, {},
                e.what());
  }
}

}  // namespace

std::string to_json(const analysis::RunSettings& s) {
  json j = {{"top_k", s.top_k},   {"context", s.context}, {"stride", s.stride},
            {"batch", s.batch},   {"threads", s.threads}, {"device", s.device},
            {"dtype", s.dtype},   {"prompt", s.prompt}, {"projection_samples", s.projection_samples},
            {"seed", s.seed}};
  return j.dump();
}

Result<analysis::RunSettings> settings_from_json(const std::string& text) {
  return parse<analysis::RunSettings>(text, "run settings", [](const json& j) {
    if (!j.is_object()) throw std::runtime_error("not an object");
    analysis::RunSettings s;
    s.dtype = "float32";  // runs recorded before --dtype existed widened every map to float32
    read(j, "top_k", s.top_k);
    read(j, "context", s.context);
    read(j, "stride", s.stride);
    read(j, "batch", s.batch);
    read(j, "threads", s.threads);
    read(j, "device", s.device);
    read(j, "dtype", s.dtype);
    read(j, "prompt", s.prompt);
    read(j, "projection_samples", s.projection_samples);
    read(j, "seed", s.seed);
    return s;
  });
}

std::string to_json(const analysis::MapSummary& s) {
  // Every field of the field table (core/analysis/fields.h) under its key, then the structured
  // extras the table does not describe.
  json j = json::object();
  for (const analysis::SummaryField& f : analysis::summary_fields()) {
    const std::string key(f.key);
    if (analysis::is_integral(f)) j[key] = static_cast<std::int64_t>(f.get(s));
    else j[key] = number(f.get(s));
  }
  json bins = json::array();
  for (const auto& b : s.reliability) bins.push_back({b.count, number(b.confidence_sum), number(b.correct_sum)});
  j["has_zoom"] = s.has_zoom;
  j["reliability"] = bins;
  j["quadrants"] = {{"known", s.quadrants.known}, {"blank", s.quadrants.blank}, {"misdrawn", s.quadrants.misdrawn}};
  return j.dump();
}

Result<analysis::MapSummary> summary_from_json(const std::string& text) {
  return parse<analysis::MapSummary>(text, "run summary", [](const json& j) {
    if (!j.is_object()) throw std::runtime_error("not an object");
    analysis::MapSummary s;
    // A key missing from an older file keeps the field's default.
    for (const analysis::SummaryField& f : analysis::summary_fields()) {
      const std::string key(f.key);
      if (!j.contains(key)) continue;
      if (analysis::is_integral(f)) {
        std::int64_t v = 0;
        read(j, key.c_str(), v);
        f.set(s, double(v));
      } else {
        double v = 0;
        read(j, key.c_str(), v);
        f.set(s, v);
      }
    }
    read(j, "has_zoom", s.has_zoom);
    if (auto it = j.find("reliability"); it != j.end()) {
      if (!it->is_array() || it->size() != s.reliability.size())
        throw std::runtime_error("reliability has the wrong number of bins");
      for (std::size_t b = 0; b < s.reliability.size(); ++b) {
        const json& bin = (*it)[b];
        if (!bin.is_array() || bin.size() != 3) throw std::runtime_error("malformed reliability bin");
        json fields = {{"c", bin[0]}, {"s", bin[1]}, {"k", bin[2]}};
        read(fields, "c", s.reliability[b].count);
        read(fields, "s", s.reliability[b].confidence_sum);
        read(fields, "k", s.reliability[b].correct_sum);
      }
    }
    if (auto it = j.find("quadrants"); it != j.end() && it->is_object()) {
      read(*it, "known", s.quadrants.known);
      read(*it, "blank", s.quadrants.blank);
      read(*it, "misdrawn", s.quadrants.misdrawn);
    }
    return s;
  });
}

std::string to_json(const std::map<std::string, std::string>& fields) {
  json j = json::object();
  for (const auto& [k, v] : fields) j[k] = v;
  // Invalid UTF-8 is replaced rather than thrown: metadata comes from user files.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::map<std::string, std::string>> string_map_from_json(const std::string& text) {
  return parse<std::map<std::string, std::string>>(text, "field map", [](const json& j) {
    if (!j.is_object()) throw std::runtime_error("not an object");
    std::map<std::string, std::string> m;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!it.value().is_string()) throw std::runtime_error("value of " + it.key() + " is not a string");
      m[it.key()] = it.value().get<std::string>();
    }
    return m;
  });
}

std::string to_json(const std::vector<std::string>& items) {
  return json(items).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::vector<std::string>> string_list_from_json(const std::string& text) {
  return parse<std::vector<std::string>>(text, "list", [](const json& j) {
    if (!j.is_array()) throw std::runtime_error("not an array");
    std::vector<std::string> v;
    for (const auto& item : j) {
      if (!item.is_string()) throw std::runtime_error("an item is not a string");
      v.push_back(item.get<std::string>());
    }
    return v;
  });
}

}  // namespace core::store::detail
