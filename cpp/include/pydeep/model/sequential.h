#pragma once
// Building a Sequential model in C++ (Keras's keras.Sequential):
//
//   auto model = pydeep::model::make_sequential({64}, {
//       pydeep::layers::make_layer("Dense", pydeep::Json::object({{"units", 32},
//                                                                  {"activation", "relu"}})),
//       pydeep::layers::make_layer("Dense", pydeep::Json::object({{"units", 10}}))});
//
// The layers are chained and built for inputs of shape (batch, *input_shape).
// Throws ValueError naming the layer when a layer does not fit its input.
#include <memory>
#include <string>
#include <vector>

#include "pydeep/model/model.h"

namespace pydeep::model {

// input_shape excludes the batch axis; -1 marks an unknown size.
std::shared_ptr<Model> make_sequential(const Shape& input_shape,
                                       const std::vector<std::shared_ptr<layers::Layer>>& layers,
                                       const std::string& name = "sequential");

}  // namespace pydeep::model
