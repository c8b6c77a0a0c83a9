// Loads a model saved from Python (examples/save_digits_model.py) and
// classifies the digits of a CSV file (64 pixel values, then the label).
//
//   classify_digits digits.pydeep digits_test.csv [--probabilities]
//
// Prints one line per digit (predicted class, or the 10 probabilities with
// --probabilities), then the accuracy. No Python runs in this process.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "pydeep/pydeep.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s MODEL.pydeep DIGITS.csv [--probabilities]\n", argv[0]);
    return 2;
  }
  const bool probabilities = argc > 3 && std::strcmp(argv[3], "--probabilities") == 0;
  try {
    // Rebuilds the architecture, loads the weights and checks that the model
    // reproduces the outputs stored when it was saved.
    std::shared_ptr<pydeep::model::Model> model = pydeep::load_model(argv[1]);

    std::ifstream in(argv[2]);
    if (!in) throw pydeep::IOError(std::string("cannot open ") + argv[2]);
    std::vector<float> pixels;
    std::vector<int> labels;
    std::string line;
    while (std::getline(in, line)) {
      std::stringstream fields(line);
      std::string field;
      std::vector<float> row;
      while (std::getline(fields, field, ',')) row.push_back(std::stof(field));
      if (row.size() != 65) throw pydeep::ValueError("expected 64 pixels and a label per line");
      pixels.insert(pixels.end(), row.begin(), row.end() - 1);
      labels.push_back(static_cast<int>(row.back()));
    }
    const auto n = static_cast<std::int64_t>(labels.size());
    const pydeep::Tensor x = pydeep::Tensor::from_vector(pixels, {n, 64});
    const pydeep::Tensor probs = model->predict({x}, 32, {})[0];

    const float* p = probs.data<float>();
    int correct = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      int best = 0;
      for (int c = 1; c < 10; ++c)
        if (p[i * 10 + c] > p[i * 10 + best]) best = c;
      correct += best == labels[i];
      if (probabilities) {
        for (int c = 0; c < 10; ++c) std::printf(c ? " %.9g" : "%.9g", p[i * 10 + c]);
        std::printf("\n");
      } else {
        std::printf("%d\n", best);
      }
    }
    std::printf("accuracy %.4f on %lld digits\n", double(correct) / double(n), (long long)n);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
