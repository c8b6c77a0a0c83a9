// The cells' own parts of SimpleRNN / LSTM / GRU: the bias layout and
// initial value, and their extra config keys.
#include "pydeep/layers/recurrent.h"

namespace pydeep::layers {

LSTM::LSTM(const Json& config)
    : RNNBase(config, "lstm", ops::RnnCell::Lstm),
      unit_forget_bias_(config.get("unit_forget_bias", Json(true)).as_bool("unit_forget_bias")) {}

// Keras: with unit_forget_bias the forget gate's block starts at ones (the
// others from bias_initializer).
void LSTM::init_bias(Variable& bias) {
  if (!unit_forget_bias_) return;
  Tensor value = bias.detach().clone();
  float* p = value.data<float>();
  for (std::int64_t j = units_; j < 2 * units_; ++j) p[j] = 1.f;
  bias.assign(value);
}

Json LSTM::get_config() const {
  Json c = RNNBase::get_config();
  c.set("unit_forget_bias", unit_forget_bias_);
  return c;
}

namespace {
bool read_reset_after(const Json& config) {
  return config.get("reset_after", Json(true)).as_bool("reset_after");
}
}  // namespace

GRU::GRU(const Json& config)
    : RNNBase(config, "gru",
              read_reset_after(config) ? ops::RnnCell::GruResetAfter
                                       : ops::RnnCell::GruResetBefore),
      reset_after_(read_reset_after(config)) {}

Shape GRU::bias_shape() const {
  return reset_after_ ? Shape{2, 3 * units_} : Shape{3 * units_};
}

Json GRU::get_config() const {
  Json c = RNNBase::get_config();
  c.set("reset_after", reset_after_);
  return c;
}

}  // namespace pydeep::layers
