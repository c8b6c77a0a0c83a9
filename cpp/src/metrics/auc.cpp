#include "pydeep/metrics/auc.h"

#include <algorithm>
#include <cmath>

#include "metrics/metric_input.h"

namespace pydeep::metrics {
namespace {

constexpr double kEpsilon = 1e-7;  // keras.backend.epsilon()

double divide_no_nan(double a, double b) { return b == 0.0 ? 0.0 : a / b; }

AucCurve parse_curve(const std::string& s) {
  if (s == "ROC" || s == "roc") return AucCurve::ROC;
  if (s == "PR" || s == "pr") return AucCurve::PR;
  if (s == "PRGAIN" || s == "prgain") return AucCurve::PRGAIN;
  throw ValueError(str("AUC: invalid curve value: \"", s,
                       "\"; expected one of \"PR\", \"ROC\", \"PRGAIN\""));
}

AucSummation parse_summation(const std::string& s) {
  if (s == "interpolation" || s == "Interpolation") return AucSummation::Interpolation;
  if (s == "majoring" || s == "Majoring") return AucSummation::Majoring;
  if (s == "minoring" || s == "Minoring") return AucSummation::Minoring;
  throw ValueError(str("AUC: invalid summation_method value: \"", s,
                       "\"; expected one of \"interpolation\", \"majoring\", \"minoring\""));
}

std::vector<double> number_list(const Json& value, const char* key) {
  std::vector<double> out;
  if (value.is_null()) return out;
  check(value.is_array(), "AUC: ", key, " must be a list of numbers; received ", value.dump());
  for (const Json& v : value.as_array()) out.push_back(v.as_double(key));
  return out;
}

ConfusionMetric::Options auc_options(const Json& config) {
  detail::check_config_keys(config, {"num_thresholds", "curve", "summation_method", "thresholds",
                                     "multi_label", "num_labels", "label_weights", "from_logits"},
                            "AUC");
  ConfusionMetric::Options o;
  std::vector<double> given = number_list(config.get("thresholds", Json()), "thresholds");
  std::vector<double> inner;
  if (config.contains("thresholds") && !config.at("thresholds").is_null()) {
    std::sort(given.begin(), given.end());
    inner = given;
    std::vector<double> ends = given;
    ends.insert(ends.begin(), 0.0);
    ends.push_back(1.0);
    o.evenly = evenly_distributed(ends);
  } else {
    const std::int64_t n = config.get("num_thresholds", Json(200)).as_int("num_thresholds");
    check(n > 1, "AUC: argument `num_thresholds` must be an integer > 1; received "
          "num_thresholds=", n);
    for (std::int64_t i = 0; i < n - 2; ++i)
      inner.push_back((i + 1) * 1.0 / static_cast<double>(n - 1));
    o.evenly = true;
  }
  o.thresholds.push_back(static_cast<float>(0.0 - kEpsilon));
  for (double t : inner) o.thresholds.push_back(static_cast<float>(t));
  o.thresholds.push_back(static_cast<float>(1.0 + kEpsilon));
  o.with_epsilon = true;
  o.multi_label = config.get("multi_label", Json(false)).as_bool("multi_label");
  const Json& num_labels = config.get("num_labels", Json());
  if (!num_labels.is_null()) {
    check(o.multi_label, "AUC: `num_labels` is needed only when `multi_label` is True");
    o.num_labels = num_labels.as_int("num_labels");
    check(o.num_labels >= 1, "AUC: num_labels must be a positive integer; received ",
          o.num_labels);
  }
  if (!o.multi_label)
    o.label_weights = number_list(config.get("label_weights", Json()), "label_weights");
  o.from_logits = config.get("from_logits", Json(false)).as_bool("from_logits");
  return o;
}

}  // namespace

AUC::AUC(const Json& config) : ConfusionMetric(config, "auc", auc_options(config)) {
  curve_ = parse_curve(config.get("curve", Json("ROC")).as_string("curve"));
  summation_ = parse_summation(
      config.get("summation_method", Json("interpolation")).as_string("summation_method"));
  init_from_thresholds_ = config.contains("thresholds") && !config.at("thresholds").is_null();
  if (init_from_thresholds_) {
    init_thresholds_ = number_list(config.at("thresholds"), "thresholds");
    std::sort(init_thresholds_.begin(), init_thresholds_.end());
  }
  num_labels_arg_ = config.get("num_labels", Json());
  if (options_.multi_label)
    multi_label_weights_ = number_list(config.get("label_weights", Json()), "label_weights");
}

double AUC::interpolated_pr_area(std::int64_t l) const {
  const std::int64_t labels = num_labels(), n = num_thresholds();
  const auto at = [&](const std::vector<double>& v, std::int64_t i) { return v[i * labels + l]; };
  double area = 0.0;
  for (std::int64_t i = 0; i + 1 < n; ++i) {
    const double tp0 = at(tp_, i), tp1 = at(tp_, i + 1);
    const double p0 = tp0 + at(fp_, i), p1 = tp1 + at(fp_, i + 1);
    const double dtp = tp0 - tp1, dp = p0 - p1;
    const double slope = divide_no_nan(dtp, std::max(dp, 0.0));
    const double intercept = tp1 - slope * p1;
    const double ratio = p0 > 0.0 && p1 > 0.0 ? divide_no_nan(p0, std::max(p1, 0.0)) : 1.0;
    area += divide_no_nan(slope * (dtp + intercept * std::log(ratio)),
                          std::max(tp1 + at(fn_, i + 1), 0.0));
  }
  return area;
}

double AUC::label_area(std::int64_t l) const {
  if (curve_ == AucCurve::PR && summation_ == AucSummation::Interpolation)
    return interpolated_pr_area(l);
  const std::int64_t labels = num_labels(), n = num_thresholds();
  // The curve's points (x, y) at threshold i.
  const auto point = [&](std::int64_t i) {
    const std::size_t k = static_cast<std::size_t>(i * labels + l);
    const double tp = tp_[k], fp = fp_[k], tn = tn_[k], fn = fn_[k];
    const double recall = divide_no_nan(tp, tp + fn);
    switch (curve_) {
      case AucCurve::ROC: return std::make_pair(divide_no_nan(fp, fp + tn), recall);
      case AucCurve::PR: return std::make_pair(recall, divide_no_nan(tp, tp + fp));
      case AucCurve::PRGAIN: break;
    }
    const double scale = divide_no_nan(tp + fn, tn + fp);
    double recall_gain = 1.0 - scale * divide_no_nan(fn, tp);
    double precision_gain = 1.0 - scale * divide_no_nan(fp, tp);
    if (tp == 0.0) recall_gain = 0.0, precision_gain = 1.0;
    return std::make_pair(std::max(recall_gain, 0.0), precision_gain);
  };
  double area = 0.0;
  auto prev = point(0);
  for (std::int64_t i = 1; i < n; ++i) {
    const auto cur = point(i);
    double height = 0.0;
    switch (summation_) {
      case AucSummation::Interpolation: height = (prev.second + cur.second) / 2.0; break;
      case AucSummation::Minoring: height = std::min(prev.second, cur.second); break;
      case AucSummation::Majoring: height = std::max(prev.second, cur.second); break;
    }
    area += (prev.first - cur.first) * height;
    prev = cur;
  }
  return area;
}

double AUC::result() const {
  if (!options_.multi_label) return label_area(0);
  const std::int64_t labels = num_labels();
  if (labels == 0) return 0.0;  // nothing seen yet
  if (multi_label_weights_.empty()) {
    double sum = 0.0;
    for (std::int64_t l = 0; l < labels; ++l) sum += label_area(l);
    return sum / static_cast<double>(labels);
  }
  check(static_cast<std::int64_t>(multi_label_weights_.size()) == labels,
        "AUC: label_weights has ", multi_label_weights_.size(), " values for ", labels, " labels");
  double sum = 0.0, weights = 0.0;
  for (std::int64_t l = 0; l < labels; ++l) {
    sum += label_area(l) * multi_label_weights_[l];
    weights += multi_label_weights_[l];
  }
  return divide_no_nan(sum, weights);
}

Json AUC::get_config() const {
  Json config = Metric::get_config();
  config.set("num_thresholds", Json(num_thresholds()));
  const char* curve = curve_ == AucCurve::ROC ? "ROC" : curve_ == AucCurve::PR ? "PR" : "PRGAIN";
  config.set("curve", Json(curve));
  const char* summation = summation_ == AucSummation::Interpolation ? "interpolation"
                          : summation_ == AucSummation::Minoring    ? "minoring"
                                                                    : "majoring";
  config.set("summation_method", Json(summation));
  config.set("multi_label", Json(options_.multi_label));
  config.set("num_labels", num_labels_arg_);
  const auto& weights = options_.multi_label ? multi_label_weights_ : options_.label_weights;
  Json lw;
  if (!weights.empty()) {
    lw = Json::array();
    for (double w : weights) lw.push_back(Json(w));
  }
  config.set("label_weights", lw);
  config.set("from_logits", Json(options_.from_logits));
  if (init_from_thresholds_) {
    Json t = Json::array();
    for (double v : init_thresholds_) t.push_back(Json(v));
    config.set("thresholds", t);
  }
  return config;
}

}  // namespace pydeep::metrics
