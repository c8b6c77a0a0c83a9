// Defines, trains and saves a model in pure C++: a small MLP learns XOR-like
// labels of 2-D points (label = x * y > 0), with a C++ callback printing the
// loss each epoch. The saved file loads in Python with
// pydeep.models.load_model(path).
//
//   train_xor out.pydeep
#include <cstdio>
#include <vector>

#include "pydeep/pydeep.h"

namespace {

// Callbacks are C++ classes with Keras's hooks.
class PrintLoss : public pydeep::model::Callback {
 public:
  void on_epoch_end(int epoch, const pydeep::model::Logs& logs) override {
    if ((epoch + 1) % 10 == 0) {
      std::printf("epoch %d", epoch + 1);
      for (const auto& [name, value] : logs) std::printf(" %s=%.4f", name.c_str(), value);
      std::printf("\n");
    }
  }
};

// Layer names must be unique within a model to save it (C++ layers are
// not numbered automatically as Python's are).
pydeep::Json dense(const char* name, int units, const char* activation) {
  return pydeep::Json::object({{"name", name}, {"units", units}, {"activation", activation}});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT.pydeep\n", argv[0]);
    return 2;
  }
  try {
    using pydeep::layers::make_layer;
    pydeep::set_random_seed(0);
    auto model = pydeep::model::make_sequential(
        {2}, {make_layer("Dense", dense("hidden_1", 16, "tanh")),
              make_layer("Dense", dense("hidden_2", 16, "tanh")),
              make_layer("Dense", dense("output", 1, "sigmoid"))},
        "xor");
    pydeep::model::compile(*model, "adam", "binary_crossentropy", {"accuracy"});

    // 512 points on a grid in [-1, 1]^2, label 1 where x * y > 0.
    const int n = 512;
    std::vector<float> xs, ys;
    for (int i = 0; i < n; ++i) {
      const float a = -1.f + 2.f * float(i % 32) / 31.f, b = -1.f + 2.f * float(i / 32) / 15.f;
      xs.push_back(a);
      xs.push_back(b);
      ys.push_back(a * b > 0 ? 1.f : 0.f);
    }
    pydeep::model::Data data;
    data.x = {pydeep::Tensor::from_vector(xs, {n, 2})};
    data.y = {pydeep::Tensor::from_vector(ys, {n, 1})};
    pydeep::model::FitOptions options;
    options.epochs = 60;
    model->fit(data, /*batch_size=*/32, options, {std::make_shared<PrintLoss>()});

    const pydeep::model::Logs logs = model->evaluate(data, 128, {});
    for (const auto& [name, value] : logs) std::printf("final %s %.4f\n", name.c_str(), value);
    pydeep::io::save_model(*model, argv[1]);
    std::printf("saved %s\n", argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
