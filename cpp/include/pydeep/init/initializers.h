#pragma once
// Keras 3's built-in initializers: the values a weight starts from, given its
// shape. A spec is what Keras accepts and writes:
//   - an identifier string: a class name ("GlorotUniform"), its snake_case
//     form ("glorot_uniform") or a Keras alias ("normal", "uniform", "one",
//     "zero", "IdentityInitializer", "OrthogonalInitializer");
//   - a config object {"class_name": ..., "config": {...}}, optionally with
//     Keras 3's "module" and "registered_name" members (ignored).
// Classes and their arguments (Keras defaults): Zeros, Ones, Constant(value=0),
// Identity(gain=1), RandomUniform(minval=-0.05, maxval=0.05, seed),
// RandomNormal(mean=0, stddev=0.05, seed), TruncatedNormal(mean=0,
// stddev=0.05, seed), VarianceScaling(scale=1, mode="fan_in",
// distribution="truncated_normal", seed, input_axes, output_axes),
// GlorotUniform/GlorotNormal/HeUniform/HeNormal/LecunUniform/LecunNormal(seed,
// input_axes, output_axes), Orthogonal(gain=1, seed).
//
// Seeds: an integer seed makes the values a function of (spec, shape); a null
// or missing seed uses draw_seed() (pydeep/core/random.h), so runs are
// reproducible after set_random_seed. A serialized SeedGenerator
// ({"class_name": "SeedGenerator", "config": {"seed": s}}) counts as seed s.
//
// Errors: ValueError naming the identifier or argument for an unknown class,
// an unknown or ill-typed argument, an invalid value (scale <= 0, unknown
// mode/distribution), a shape the initializer cannot fill (Identity needs 2-D,
// Orthogonal at least 2-D) or a random initializer asked for a non-float
// dtype; NotImplementedError for a Keras initializer pydeep lacks (STFT).
#include <cstdint>
#include <string>
#include <vector>

#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"

namespace pydeep::init {

// A new tensor of `shape` and `dtype` initialised as `spec` says.
Tensor initialize(const Json& spec, const Shape& shape, DType dtype = DType::Float32);

// The spec in canonical form, {"class_name": <Keras class name>, "config":
// {...}}, with every argument present (defaults filled in, "normal" mode
// names normalised as Keras's constructors do) in the key order of Keras's
// get_config. Validates like initialize() does, without a shape.
Json get_config(const Json& spec);

// Fan-in and fan-out of a weight shape, as keras.initializers'
// compute_fans: rank 0 -> (1, 1); rank 1 -> (n, n); rank 2 (in, out) ->
// (in, out); higher ranks (..., in, out) multiply both by the receptive
// field (the product of the leading dims). When both axis lists are given
// (negative axes count from the end) the fans are the products over them.
struct Fans {
  std::int64_t fan_in = 1;
  std::int64_t fan_out = 1;
};
Fans compute_fans(const Shape& shape, const std::vector<std::int64_t>* input_axes = nullptr,
                  const std::vector<std::int64_t>* output_axes = nullptr);

}  // namespace pydeep::init
