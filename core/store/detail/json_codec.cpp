#include "core/store/detail/json_codec.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

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
            {"prompt", s.prompt}, {"projection_samples", s.projection_samples},
            {"seed", s.seed}};
  return j.dump();
}

Result<analysis::RunSettings> settings_from_json(const std::string& text) {
  return parse<analysis::RunSettings>(text, "run settings", [](const json& j) {
    if (!j.is_object()) throw std::runtime_error("not an object");
    analysis::RunSettings s;
    read(j, "top_k", s.top_k);
    read(j, "context", s.context);
    read(j, "stride", s.stride);
    read(j, "batch", s.batch);
    read(j, "threads", s.threads);
    read(j, "device", s.device);
    read(j, "prompt", s.prompt);
    read(j, "projection_samples", s.projection_samples);
    read(j, "seed", s.seed);
    return s;
  });
}

std::string to_json(const analysis::MapSummary& s) {
  json bins = json::array();
  for (const auto& b : s.reliability) bins.push_back({b.count, number(b.confidence_sum), number(b.correct_sum)});
  json j = {{"tokens", s.tokens},
            {"bytes", s.bytes},
            {"nll_mean", number(s.nll_mean)},
            {"perplexity", number(s.perplexity)},
            {"bits_per_byte", number(s.bits_per_byte)},
            {"delta_nll", number(s.delta_nll)},
            {"kl_bt_mean", number(s.kl_bt_mean)},
            {"kl_tb_mean", number(s.kl_tb_mean)},
            {"js_mean", number(s.js_mean)},
            {"entropy_mean", number(s.entropy_mean)},
            {"delta_entropy", number(s.delta_entropy)},
            {"ece", number(s.ece)},
            {"brier", number(s.brier)},
            {"top1_accuracy", number(s.top1_accuracy)},
            {"temperature", number(s.temperature)},
            {"added_mass_mean", number(s.added_mass_mean)},
            {"k0", number(s.k0)},
            {"kp", number(s.kp)},
            {"zoom_recovered", number(s.zoom_recovered)},
            {"has_zoom", s.has_zoom},
            {"reliability", bins},
            {"quadrants",
             {{"known", s.quadrants.known}, {"blank", s.quadrants.blank}, {"misdrawn", s.quadrants.misdrawn}}}};
  return j.dump();
}

Result<analysis::MapSummary> summary_from_json(const std::string& text) {
  return parse<analysis::MapSummary>(text, "run summary", [](const json& j) {
    if (!j.is_object()) throw std::runtime_error("not an object");
    analysis::MapSummary s;
    read(j, "tokens", s.tokens);
    read(j, "bytes", s.bytes);
    read(j, "nll_mean", s.nll_mean);
    read(j, "perplexity", s.perplexity);
    read(j, "bits_per_byte", s.bits_per_byte);
    read(j, "delta_nll", s.delta_nll);
    read(j, "kl_bt_mean", s.kl_bt_mean);
    read(j, "kl_tb_mean", s.kl_tb_mean);
    read(j, "js_mean", s.js_mean);
    read(j, "entropy_mean", s.entropy_mean);
    read(j, "delta_entropy", s.delta_entropy);
    read(j, "ece", s.ece);
    read(j, "brier", s.brier);
    read(j, "top1_accuracy", s.top1_accuracy);
    read(j, "temperature", s.temperature);
    read(j, "added_mass_mean", s.added_mass_mean);
    read(j, "k0", s.k0);
    read(j, "kp", s.kp);
    read(j, "zoom_recovered", s.zoom_recovered);
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
