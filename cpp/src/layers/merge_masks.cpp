// How the merge layers combine their inputs' masks (Keras's compute_mask of
// base_merge.py and Concatenate); Dot keeps the default (no mask).
#include "pydeep/autograd/functions.h"
#include "pydeep/layers/merge.h"

namespace pydeep::layers {

std::vector<Tensor> ElementwiseMerge::compute_mask(const std::vector<Tensor>&,
                                                   const std::vector<Tensor>& masks) const {
  if (masks.empty()) return {};
  for (const Tensor& m : masks)
    if (!m.defined()) return {};
  Tensor out = masks[0];
  for (std::size_t i = 1; i < masks.size(); ++i) out = logical_or(out, masks[i]);
  return {out};
}

std::vector<Tensor> Concatenate::compute_mask(const std::vector<Tensor>&,
                                              const std::vector<Tensor>& masks) const {
  Tensor out;
  for (const Tensor& m : masks)
    if (m.defined()) out = out.defined() ? logical_and(out, m) : m;
  return {out};
}

}  // namespace pydeep::layers
