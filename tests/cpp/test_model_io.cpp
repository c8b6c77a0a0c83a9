// Models in C++ alone: build, compile, fit, save, load (bit-identical
// predictions), a damaged file refused, and concurrent predict calls on one
// loaded model from several threads.
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "pydeep/pydeep.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL %s\n", what);
    ++failures;
  }
}

bool same(const pydeep::Tensor& a, const pydeep::Tensor& b) {
  if (a.shape() != b.shape()) return false;
  for (std::int64_t i = 0; i < a.numel(); ++i)
    if (a.data<float>()[i] != b.data<float>()[i]) return false;
  return true;
}

pydeep::Tensor inputs(int rows, int seed) {
  std::vector<float> v;
  for (int i = 0; i < rows * 3; ++i) v.push_back(float((i * 37 + seed * 11) % 17) / 8.f - 1.f);
  return pydeep::Tensor::from_vector(v, {rows, 3});
}

}  // namespace

int main() {
  using namespace pydeep;
  using layers::make_layer;
  const std::string path = "test_model_io.pydeep";
  set_random_seed(1);
  auto model = model::make_sequential(
      {3}, {make_layer("Dense", Json::object({{"name", "h"}, {"units", 8}, {"activation", "relu"}})),
            make_layer("Dense", Json::object({{"name", "o"}, {"units", 2}}))});
  model::compile(*model, "adam", "mse", {"mae"});
  model::Data data;
  data.x = {inputs(64, 0)};
  data.y = {Tensor::full({64, 2}, 0.5)};
  model::FitOptions fit;
  fit.epochs = 2;
  model->fit(data, 32, fit, {});
  io::save_model(*model, path);

  auto loaded = load_model(path);
  const Tensor x = inputs(100, 3);
  expect(same(loaded->predict({x}, 32, {})[0], model->predict({x}, 32, {})[0]),
         "loaded model predicts bit-identically");
  expect(loaded->compiled() && loaded->compile_options().optimizer->iterations() == 4,
         "optimizer state restored");
  expect(loaded->class_name() == "Sequential", "Sequential kept");

  // Concurrent predictions on one model: each thread's results equal the serial ones.
  std::vector<Tensor> xs, want;
  for (int t = 0; t < 8; ++t) {
    xs.push_back(inputs(301, t));
    want.push_back(loaded->predict({xs.back()}, 64, {})[0]);
  }
  std::vector<int> ok(xs.size(), 1);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < xs.size(); ++t)
    threads.emplace_back([&, t] {
      for (int rep = 0; rep < 20; ++rep)
        if (!same(loaded->predict({xs[t]}, 64, {})[0], want[t])) ok[t] = 0;
    });
  for (auto& th : threads) th.join();
  for (int v : ok) expect(v == 1, "concurrent predict gives the serial results");

  // A damaged file is refused with ValueError.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(-3, std::ios::end);
    char c;
    f.get(c);
    f.seekp(-3, std::ios::end);
    f.put(static_cast<char>(c ^ 0x40));
  }
  bool refused = false;
  try {
    load_model(path);
  } catch (const ValueError&) {
    refused = true;
  }
  expect(refused, "damaged file refused with ValueError");
  bool missing = false;
  try {
    load_model("does-not-exist.pydeep");
  } catch (const IOError&) {
    missing = true;
  }
  expect(missing, "missing file gives IOError");
  std::remove(path.c_str());
  std::printf(failures ? "%d failure(s)\n" : "ok\n", failures);
  return failures ? 1 : 0;
}
