#pragma once
// Every differentiable function of the core, for C++ users and layers.
#include "pydeep/autograd/functions/activations.h"
#include "pydeep/autograd/functions/arithmetic.h"
#include "pydeep/autograd/functions/conv.h"
#include "pydeep/autograd/functions/linalg.h"
#include "pydeep/autograd/functions/movement.h"
#include "pydeep/autograd/functions/reductions.h"
#include "pydeep/autograd/functions/sequence.h"
#include "pydeep/autograd/functions/attention.h"
