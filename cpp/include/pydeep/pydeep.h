#pragma once
// pydeep's C++ API in one include, for applications that link pydeep::core:
// tensors and ops, autograd, layers, losses, metrics, optimizers, models
// (graph, Sequential, compile/fit/evaluate/predict, callbacks) and the
// .pydeep model file (pydeep::load_model, pydeep::io::save_model).
#include "pydeep/autograd/engine.h"
#include "pydeep/autograd/functions.h"
#include "pydeep/autograd/variable.h"
#include "pydeep/build_info.h"
#include "pydeep/core/json.h"
#include "pydeep/core/parallel.h"
#include "pydeep/core/random.h"
#include "pydeep/core/tensor.h"
#include "pydeep/io/model_file.h"
#include "pydeep/layers/layer.h"
#include "pydeep/losses/loss.h"
#include "pydeep/metrics/metric.h"
#include "pydeep/model/batch_source.h"
#include "pydeep/model/callback.h"
#include "pydeep/model/compile_config.h"
#include "pydeep/model/graph_layer.h"
#include "pydeep/model/model.h"
#include "pydeep/model/model_config.h"
#include "pydeep/model/sequential.h"
#include "pydeep/optim/optimizer.h"
