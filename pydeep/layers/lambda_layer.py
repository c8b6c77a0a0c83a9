"""``pydeep.layers.Lambda``: a Python function over ``pydeep.ops`` as a layer.

The function runs inside the C++ graph through ``_core.PythonLayer``: the
model calls it under the GIL on core tensors, and the ops it uses are
recorded by the core's autograd, so gradients flow through it.
"""
import base64
import importlib
import inspect
import marshal
import types

import numpy as np

from .. import _core
from ..keras_tensor import core_shape, keras_shape
from .layer import Layer

_PROBE_BATCH = 2  # stands in for unknown sizes when inferring the output shape


def _accepts(fn, name):
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


class Lambda(Layer):
    """``Lambda(function, output_shape=None, mask=None, arguments=None)``.

    ``function(inputs, **arguments)`` receives one tensor (or a list when the
    layer is called on a list) and returns a tensor or a list of tensors; it
    also receives ``training=`` when it accepts that argument. Without
    ``output_shape`` the output shape is found by running the function once on
    zeros. ``output_shape`` is a shape without the batch axis, or a callable
    from the input shape (batch axis included) to the output shape.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise ValueError(f"Lambda: `function` must be callable; received {function!r}")
        if mask is not None:
            raise NotImplementedError("Lambda: argument `mask` is not supported (pydeep has no "
                                      "masking yet)")
        if arguments is not None and not isinstance(arguments, dict):
            raise ValueError(f"Lambda: `arguments` must be a dict; received {arguments!r}")
        self.function = function
        self.arguments = dict(arguments or {})
        self._output_shape = output_shape
        self._takes_training = _accepts(function, "training")
        self._list_input = None
        self._shape_cache = {}
        self._native = _core.PythonLayer(self, {"name": self.name, "trainable": self._trainable},
                                         "Lambda", 0)

    def __call__(self, inputs, training=None, **kwargs):
        if self._list_input is None:
            self._list_input = isinstance(inputs, (list, tuple))
        return super().__call__(inputs, training=training, **kwargs)

    # -- what the C++ layer calls -------------------------------------------------------------
    def _apply(self, tensors, training):
        x = list(tensors) if self._list_input else tensors[0]
        kwargs = dict(self.arguments)
        if self._takes_training:
            kwargs["training"] = training
        out = self.function(x, **kwargs)
        outs = list(out) if isinstance(out, (list, tuple)) else [out]
        return [_core.convert_to_tensor(o) for o in outs]

    def _native_call(self, tensors, training):
        return self._apply(tensors, training)

    def _native_build(self, shapes):
        pass

    def _native_output_shapes(self, shapes):
        key = tuple(tuple(s) for s in shapes)
        if key not in self._shape_cache:
            self._shape_cache[key] = self._output_shapes_for(shapes)
        return self._shape_cache[key]

    def _output_shapes_for(self, shapes):
        batch = shapes[0][0] if shapes and shapes[0] else -1
        given = self._output_shape
        if callable(given):
            single = not self._list_input
            out = given(keras_shape(shapes[0]) if single else [keras_shape(s) for s in shapes])
            outs = [out] if out and not isinstance(out[0], (list, tuple)) else list(out)
            return [core_shape(s) for s in outs]
        if given is not None:
            outs = [given] if not given or not isinstance(given[0], (list, tuple)) else given
            return [[batch] + core_shape(s) for s in outs]
        # Run the function once on zeros, with unknown sizes set to a probe size.
        probes = [_core.convert_to_tensor(np.zeros([_PROBE_BATCH if d < 0 else d for d in s],
                                                   dtype=np.float32)) for s in shapes]
        previous = _core.set_grad_enabled(False)
        try:
            outs = self._apply(probes, False)
        finally:
            _core.set_grad_enabled(previous)
        result = []
        for o in outs:
            s = list(o.shape)
            if s and batch < 0 and s[0] == _PROBE_BATCH:
                s[0] = -1
            result.append(s)
        return result

    # -- config -------------------------------------------------------------------------------
    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable, "dtype": "float32",
                  "function": _serialize_function(self.function), "arguments": self.arguments}
        if self._output_shape is not None:
            config["output_shape"] = (_serialize_function(self._output_shape)
                                      if callable(self._output_shape) else self._output_shape)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=True):
        config = dict(config)
        config.pop("dtype", None)
        config["function"] = _deserialize_function(config["function"], custom_objects, safe_mode)
        if isinstance(config.get("output_shape"), dict):
            config["output_shape"] = _deserialize_function(config["output_shape"],
                                                           custom_objects, safe_mode)
        return cls(**config)


def _serialize_function(fn):
    if getattr(fn, "__name__", "<lambda>") == "<lambda>":
        code = base64.b64encode(marshal.dumps(fn.__code__)).decode("ascii")
        return {"class_name": "__lambda__", "config": {"code": code}}
    return {"class_name": "function", "module": fn.__module__, "config": fn.__name__}


def _deserialize_function(config, custom_objects, safe_mode):
    if config["class_name"] == "__lambda__":
        if safe_mode:
            raise ValueError("Requested the deserialization of a Lambda layer whose function is "
                             "a Python `lambda`. Loading it runs arbitrary code, so it is "
                             "refused by default; pass `safe_mode=False` if you trust the source.")
        code = marshal.loads(base64.b64decode(config["config"]["code"]))
        return types.FunctionType(code, globals())
    name = config["config"]
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    try:
        return getattr(importlib.import_module(config["module"]), name)
    except (ImportError, AttributeError):
        raise ValueError(f"Lambda: could not find the function '{name}' of module "
                         f"'{config['module']}'; pass it in `custom_objects`.") from None
