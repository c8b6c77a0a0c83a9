"""Subclassed models (``class MyModel(pydeep.Model)`` with ``call``) and custom steps.

A subclassed model is a Python layer (``_core.PythonLayer``) wrapped in a
one-node graph, built from the shapes of the first data it sees; so fit /
evaluate / predict drive it from the C++ loop like any model, calling its
``call`` under the GIL. Layers and metrics assigned as attributes are
tracked, as in Keras.

Overridden ``train_step`` / ``test_step`` replace the built-in steps: the C++
loop still batches, shuffles, runs callbacks and the progress bar, and calls
the Python step once per batch with Keras's ``data`` structure.
"""
import weakref

import numpy as np

from .. import _core
from ..keras_tensor import KerasTensor
from ..layers import python_layer
from ..layers.layer import _to_snake, symbolic_call, unique_name


def init(model, name, trainable):
    """Model.__init__ for a subclass that defines call()."""
    from .trainer import Trainer

    Trainer.__init__(model)
    model.name = name or unique_name(_to_snake(type(model).__name__))
    model._graph = None
    model._native = None
    model.inputs, model.outputs, model._nodes, model._output_names = [], [], [], []
    model._structure_inputs = model._structure_outputs = None
    model._tracked_metrics = []
    model._trainable = True
    model._activity_regularizer_spec = None
    python_layer.attach(model, type(model).__name__, attribute="_call_layer")
    if not trainable:
        model.trainable = False


def is_subclassed(model):
    return model.__dict__.get("_call_layer") is not None


def _shape_of(a):
    shape = getattr(a, "shape", None)
    return tuple(np.shape(a)) if shape is None else tuple(shape)


def ensure_graph(model, x):
    """Builds the one-node graph for inputs shaped like ``x`` (arrays or symbolic)."""
    if model._graph is not None:
        return
    if isinstance(x, dict):
        raise NotImplementedError(f"{model.name}: dict inputs are not supported for subclassed "
                                  "models; pass an array or a list")
    flat = list(x) if isinstance(x, (list, tuple)) else [x]
    model._list_input = isinstance(x, (list, tuple))
    inputs = []
    for i, a in enumerate(flat):
        shape = _shape_of(a)
        if not shape:
            raise ValueError(f"{model.name}: expected batched input data; received shape {shape}")
        inputs.append(KerasTensor((None,) + shape[1:], name=f"input_{i}" if i else "input"))
    outputs = symbolic_call(model, model._call_layer, inputs)
    model._structure_inputs = inputs if model._list_input else inputs[0]
    model._structure_outputs = outputs if len(outputs) > 1 else outputs[0]
    from .functional import trace_graph

    model._set_graph(inputs, trace_graph(inputs, outputs)[1], outputs)
    pending = model.__dict__.pop("_pending_compile", None)
    if pending is not None:
        from .trainer import Trainer

        Trainer.compile(model, *pending[0], **pending[1])


def track_attribute(model, value):
    from ..metrics import Metric

    python_layer.track(model, value)
    items = value if isinstance(value, (list, tuple)) else [value]
    for item in items:
        if isinstance(item, Metric) and item not in model._tracked_metrics:
            model._tracked_metrics.append(item)


# -- custom train_step / test_step ------------------------------------------------------------
def overrides(model, method):
    from .trainer import Trainer

    return getattr(type(model), method) is not getattr(Trainer, method)


def _pack(model, xs, ys, sw):
    """Keras's pack_x_y_sample_weight for one batch of core tensors."""
    x = xs if model.__dict__.get("_list_input") or len(xs) > 1 else xs[0]
    if not ys:
        return x
    y = ys[0] if len(ys) == 1 else list(ys)
    return (x, y) if sw is None else (x, y, sw)


def _as_logs(model, result, what):
    from ..metrics import Metric

    if not isinstance(result, dict):
        raise TypeError(f"{model.name}.{what} must return a dict of logs (name -> value); "
                        f"received {type(result).__name__}")
    logs = {}
    for key, value in result.items():
        if isinstance(value, Metric):
            value = value.result()
        logs[str(key)] = float(np.asarray(value))
    return logs


def install_steps(model):
    """Tells the core loop which steps are the user's (a weak reference: the
    core must not keep the model alive)."""
    ref = weakref.ref(model)

    def step(what):
        def run(xs, ys, sw):
            m = ref()
            return _as_logs(m, getattr(m, what)(_pack(m, xs, ys, sw)), what)
        return run

    def reset():
        m = ref()
        if m is not None:
            for metric in m.metrics:
                metric.reset_state()
    train = step("train_step") if overrides(model, "train_step") else None
    test = step("test_step") if overrides(model, "test_step") else None
    model._native.set_custom_steps(train, test, reset if (train or test) else None)


def unpack_tensors(model, data, what):
    """(x list, y list, sample_weight) of a Keras ``data`` structure, for the
    built-in steps (``super().train_step(data)``)."""
    from .data_adapters import to_tensor_list, unpack

    x, y, sw = unpack(data, what)
    return (to_tensor_list(x, model._input_names(), f"{what}(x)"),
            to_tensor_list(y, model._output_names, f"{what}(y)"),
            None if sw is None else _core.convert_to_tensor(sw))
