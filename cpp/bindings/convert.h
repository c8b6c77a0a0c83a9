#pragma once
// Conversions between Python objects and core tensors.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "pydeep/core/json.h"
#include "pydeep/core/tensor.h"

namespace pydeep::bindings {

namespace py = pybind11;

// A Tensor from anything tensor-like: a Tensor (returned as is), a numpy
// array (C-contiguous float32/int32/int64/bool arrays are wrapped without a
// copy; others are converted once: floats to float32, small integers to
// int32, unsigned 32/64-bit to int64), a Python scalar (float -> float32,
// int -> int32 when it fits, bool -> bool) or a nested list.
Tensor as_tensor(py::handle obj);
// Optional variant: None stays an undefined tensor.
Tensor as_tensor_or_undefined(py::handle obj);
// A numpy array viewing t's memory (zero-copy); it keeps the memory alive.
py::array to_numpy(const Tensor& t);
// A Python list of Tensors (None for undefined ones).
py::list to_list(const std::vector<Tensor>& tensors);
std::vector<Tensor> tensors_from(py::handle sequence);
// Python config values (dict/list/tuple/str/int/float/bool/None, nested) to
// Json and back; other objects raise TypeError naming their type.
Json json_from_python(py::handle obj);
py::object json_to_python(const Json& value);

}  // namespace pydeep::bindings
