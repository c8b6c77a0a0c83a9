"""Layers written in Python (``class MyLayer(pydeep.layers.Layer)`` with ``call``).

Such a layer is a ``_core.PythonLayer`` to the C++ graph: the graph builds it
(``build`` -> ``_native_build``), asks its output shapes
(``compute_output_shape`` or, without one, a call on zeros) and calls it
(``call`` -> ``_native_call``) under the GIL on core tensors, so the
``pydeep.ops`` it uses are recorded by the core autograd. Sub-layers assigned
as attributes are tracked: their weights and losses are the layer's own, as
in Keras.
"""
import inspect

import numpy as np

from .. import _core
from .. import constraints as _constraints
from .. import regularizers as _regularizers
from ..keras_tensor import core_shape, keras_shape

PROBE_BATCH = 2  # stands in for unknown sizes when a call on zeros finds the output shape


def _accepts(fn, name):
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def core_layer(layer):
    """The layer's PythonLayer (a subclassed model keeps it beside its core Model)."""
    return layer.__dict__.get("_call_layer") or layer._native


def attach(layer, class_name=None, attribute="_native"):
    """Makes ``layer`` (a Layer subclass instance with a Python ``call``, or a
    subclassed Model) a core PythonLayer, stored in ``attribute``."""
    layer._python_tracked = []
    layer._python_built = False
    layer._shape_cache = {}
    layer._expected_shapes = None
    layer._list_input = None
    layer._weight_count = 0
    config = {"name": layer.name, "trainable": layer._trainable}
    if getattr(layer, "_activity_regularizer_spec", None) is not None:
        config["activity_regularizer"] = layer._activity_regularizer_spec
    object.__setattr__(layer, attribute,
                       _core.PythonLayer(layer, config, class_name or type(layer).__name__, 0))


def track(owner, value):
    """Links layers held in an attribute (or a list of them) to ``owner``'s core layer."""
    from .layer import Layer, native_layer

    items = value if isinstance(value, (list, tuple)) else [value]
    for item in items:
        if isinstance(item, Layer) or hasattr(item, "_as_native_layer"):
            try:
                native = native_layer(item)
            except (AttributeError, TypeError):
                continue  # a model not built yet: tracked when the owner builds
            if native is not None and native is not core_layer(owner):
                core_layer(owner).track(native)
                if item not in owner._python_tracked:
                    owner._python_tracked.append(item)


def add_weight(layer, shape, initializer, trainable, regularizer, constraint, name):
    from .core import _initializer_config

    if getattr(layer, "_python_tracked", None) is None:
        raise NotImplementedError(f"{type(layer).__name__}.add_weight: only layers written in "
                                  "Python (defining call()) create weights this way")
    shape = tuple(int(d) for d in (shape or ()))
    n = layer._weight_count
    layer._weight_count += 1
    name = name or ("variable" if n == 0 else f"variable_{n}")
    value = None
    if initializer is None:
        initializer = "glorot_uniform"
    elif callable(initializer) and not hasattr(initializer, "get_config") and \
            not isinstance(initializer, str):
        value, initializer = initializer(shape, "float32"), "zeros"
    variable = core_layer(layer).add_weight(
        name, list(shape), _initializer_config(initializer, "initializer"), bool(trainable),
        _regularizers._layer_spec(regularizer, layer.name, "regularizer"),
        _constraints._layer_spec(constraint, layer.name, "constraint"))
    if value is not None:
        variable._assign(np.asarray(value, dtype=np.float32))
    return variable


def build(layer, shapes):
    """The core's build(): tracks attributes, then runs the user's build once."""
    if layer._python_built:
        return
    layer._python_built = True
    for value in list(vars(layer).values()):
        track(layer, value)
    user_build = getattr(type(layer), "_user_build", None)
    if user_build is not None:
        ks = [keras_shape(s) for s in shapes]
        user_build(layer, ks if layer._list_input else ks[0])


def output_shapes(layer, shapes):
    key = tuple(tuple(s) for s in shapes)
    if key not in layer._shape_cache:
        layer._shape_cache[key] = _infer_output_shapes(layer, shapes)
    layer._expected_shapes = layer._shape_cache[key]
    return layer._expected_shapes


def _infer_output_shapes(layer, shapes):
    from .layer import Layer

    ks = [keras_shape(s) for s in shapes]
    declared = getattr(type(layer), "compute_output_shape", Layer.compute_output_shape)
    if declared is not Layer.compute_output_shape:
        try:
            out = layer.compute_output_shape(ks if layer._list_input else ks[0])
        except NotImplementedError:  # as Keras: then the shape comes from running call()
            out = None
        if out is not None:
            outs = [out] if not out or not isinstance(out[0], (list, tuple)) else list(out)
            return [core_shape(s) for s in outs]
    build(layer, shapes)
    probes = [_core.convert_to_tensor(np.zeros([PROBE_BATCH if d < 0 else d for d in s],
                                               dtype=np.float32)) for s in shapes]
    previous = _core.set_grad_enabled(False)
    try:
        outs = run_call(layer, probes, False)
    except Exception as e:  # the user's own error, with how it happened
        if hasattr(e, "add_note"):
            e.add_note(f"(pydeep ran {type(layer).__name__} '{layer.name}'.call() on zeros of "
                       f"shape(s) {[tuple(p.shape) for p in probes]} to find its output shape, "
                       f"unknown sizes set to {PROBE_BATCH}; if call() needs other sizes, "
                       "define compute_output_shape() or give the Input a batch_shape)")
        raise
    finally:
        _core.set_grad_enabled(previous)
    batch = shapes[0][0] if shapes and shapes[0] else -1
    result = []
    for o in outs:
        s = list(o.shape)
        if s and batch < 0 and s[0] == PROBE_BATCH:
            s[0] = -1
        result.append(s)
    return result


def run_call(layer, tensors, training):
    x = list(tensors) if layer._list_input else tensors[0]
    takes = layer.__dict__.get("_call_takes_training")
    if takes is None:  # inspect once: signature() costs more than the call itself
        takes = _accepts(layer.call, "training")
        object.__setattr__(layer, "_call_takes_training", takes)
    kwargs = {"training": training} if takes else {}
    out = layer.call(x, **kwargs)
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    return [_core.convert_to_tensor(o) for o in outs]


def call(layer, tensors, training):
    """The core's call(): runs ``call`` and checks the outputs against the shapes
    the layer declared (batch axis excepted)."""
    outs = run_call(layer, tensors, training)
    expected = layer._expected_shapes
    if expected is not None:
        ok = len(expected) == len(outs)
        for e, o in zip(expected, outs):
            got = o.shape
            ok = ok and len(e) == len(got) and all(d < 0 or d == g for d, g in zip(e[1:], got[1:]))
        if not ok:
            got = ", ".join(str(tuple(o.shape)) for o in outs)
            want = ", ".join(str(keras_shape(e)) for e in expected)
            raise ValueError(f"Layer '{layer.name}': call() returned output(s) of shape {got}, "
                             f"but the layer declared {want} (compute_output_shape). Make call() "
                             "and compute_output_shape agree.")
    return outs
