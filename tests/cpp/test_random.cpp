// The random number generator from C++ alone: Philox known answers, seeds,
// determinism across thread counts, permutations and initializers.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "pydeep/core/parallel.h"
#include "pydeep/core/random.h"
#include "pydeep/init/initializers.h"
#include "pydeep/ops/random.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL %s\n", what);
    ++failures;
  }
}

bool same_bits(const pydeep::Tensor& a, const pydeep::Tensor& b) {
  return a.shape() == b.shape() && a.dtype() == b.dtype() &&
         std::memcmp(a.raw_data(), b.raw_data(), a.nbytes()) == 0;
}

// Random123's tests/kat_vectors, the three "philox4x32 10" lines: counter,
// key (word 0 low, word 1 high), expected output.
void test_philox_known_answers() {
  using pydeep::PhiloxBlock;
  struct Kat {
    PhiloxBlock ctr;
    std::uint32_t key[2];
    PhiloxBlock want;
  };
  const Kat kats[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
       {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
       {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const Kat& k : kats) {
    const std::uint64_t key = (static_cast<std::uint64_t>(k.key[1]) << 32) | k.key[0];
    expect(pydeep::philox4x32_10(k.ctr, key) == k.want, "philox4x32_10 known answer");
  }
}

void test_seeds() {
  pydeep::set_random_seed(42);
  const std::uint64_t a = pydeep::draw_seed(), b = pydeep::draw_seed();
  pydeep::set_random_seed(42);
  expect(pydeep::draw_seed() == a && pydeep::draw_seed() == b, "draw_seed repeats after reseed");
  expect(a != b, "draw_seed gives distinct seeds");
  pydeep::set_random_seed(43);
  expect(pydeep::draw_seed() != a, "another global seed gives other seeds");
}

void test_tensors() {
  using namespace pydeep;
  // Odd sizes: partial Philox blocks and uneven thread chunks; large enough
  // that every kernel splits its work over the threads.
  const Shape shape{513, 257};
  const int saved = get_num_threads();
  std::vector<Tensor> one;
  for (int threads : {1, 2, 3}) {
    set_num_threads(threads);
    const std::vector<Tensor> out = {ops::random_uniform(shape, -1.f, 2.f, 7),
                                     ops::random_normal(shape, 0.5f, 2.f, 7),
                                     ops::truncated_normal(shape, 0.f, 1.f, 7),
                                     ops::dropout_mask(shape, 0.3f, 7)};
    if (threads == 1) one = out;
    for (std::size_t i = 0; i < out.size(); ++i)
      expect(same_bits(out[i], one[i]), "same bits for any thread count");
  }
  set_num_threads(saved);
  expect(!same_bits(ops::random_uniform(shape, -1.f, 2.f, 8), one[0]), "seed changes values");

  const float* u = one[0].data<float>();
  const float* t = one[2].data<float>();
  const float* d = one[3].data<float>();
  const std::int64_t n = one[0].numel();
  double mean = 0, kept = 0;
  bool in_range = true, truncated = true, mask_values = true;
  for (std::int64_t i = 0; i < n; ++i) {
    mean += u[i];
    in_range = in_range && u[i] >= -1.f && u[i] < 2.f;
    truncated = truncated && std::fabs(t[i]) < 2.f;
    kept += d[i] != 0.f;
    mask_values = mask_values && (d[i] == 0.f || d[i] == 1.f / 0.7f);
  }
  expect(in_range, "uniform within [lo, hi)");
  expect(std::fabs(mean / n - 0.5) < 0.02, "uniform mean");
  expect(truncated, "truncated normal within 2 stddev");
  expect(std::fabs(kept / n - 0.7) < 0.01, "dropout keep rate");
  expect(mask_values, "dropout mask is 0 or 1 / (1 - rate)");
}

// The documented layout (ops/cpu/random.cpp): element 32g + 8j + l takes
// word j of the Philox block (counter 8g + l, tag = distribution), whichever
// code path (SIMD or portable) the kernel was built with.
void test_layout() {
  using namespace pydeep;
  const std::uint64_t seed = 0xFEDCBA9876543210ull;
  const std::int64_t n = 1000;  // ends in a partial group
  const Tensor mask = ops::dropout_mask({n}, 0.5f, seed);
  const Tensor uni = ops::random_uniform({n}, 0.f, 1.f, seed);
  const auto tag = [](ops::RandomDistribution d) { return static_cast<std::uint32_t>(d); };
  bool mask_ok = true, uni_ok = true;
  for (std::int64_t e = 0; e < n; ++e) {
    const std::uint64_t g = e / 32, j = (e % 32) / 8, l = e % 8;
    const std::uint32_t wb = philox4x32_10(
        philox_counter(8 * g + l, 0, tag(ops::RandomDistribution::Bernoulli)), seed)[j];
    mask_ok = mask_ok && mask.data<float>()[e] == (wb < 0x80000000u ? 0.f : 2.f);
    const std::uint32_t wu = philox4x32_10(
        philox_counter(8 * g + l, 0, tag(ops::RandomDistribution::Uniform)), seed)[j];
    uni_ok = uni_ok && uni.data<float>()[e] == static_cast<float>(wu >> 8) / 16777216.f;
  }
  expect(mask_ok, "dropout mask follows the documented Philox layout");
  expect(uni_ok, "uniform follows the documented Philox layout");
}

void test_permutation() {
  const std::vector<std::int64_t> p = pydeep::random_permutation(1000, 5);
  std::vector<std::int64_t> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  bool is_perm = true;
  for (std::int64_t i = 0; i < 1000; ++i) is_perm = is_perm && sorted[i] == i;
  expect(is_perm, "random_permutation is a permutation");
  expect(p == pydeep::random_permutation(1000, 5), "random_permutation is deterministic");
  expect(p != pydeep::random_permutation(1000, 6), "random_permutation depends on the seed");
  expect(pydeep::random_permutation(0, 1).empty(), "empty permutation");
}

void test_initializers() {
  using namespace pydeep;
  const Json spec = Json::object({{"class_name", Json("Orthogonal")},
                                  {"config", Json::object({{"seed", Json(3)}})}});
  const Tensor q = init::initialize(spec, {6, 4});
  expect(same_bits(q, init::initialize(spec, {6, 4})), "seeded initializer is deterministic");
  const float* p = q.data<float>();
  double worst = 0;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      double dot = 0;
      for (int r = 0; r < 6; ++r) dot += double(p[r * 4 + i]) * p[r * 4 + j];
      worst = std::max(worst, std::fabs(dot - (i == j ? 1.0 : 0.0)));
    }
  expect(worst < 1e-5, "orthogonal columns");
  const init::Fans f = init::compute_fans({3, 3, 16, 32});
  expect(f.fan_in == 144 && f.fan_out == 288, "conv fans");
  bool threw = false;
  try {
    init::initialize(Json("no_such_initializer"), {2, 2});
  } catch (const ValueError&) {
    threw = true;
  }
  expect(threw, "unknown identifier throws ValueError");
}

}  // namespace

int main() {
  test_philox_known_answers();
  test_seeds();
  test_tensors();
  test_layout();
  test_permutation();
  test_initializers();
  std::printf(failures ? "%d failure(s)\n" : "ok\n", failures);
  return failures ? 1 : 0;
}
