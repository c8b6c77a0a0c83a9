"""``pydeep.layers.Lambda``: a Python function over ``pydeep.ops`` as a layer.

A Lambda is a layer written in Python (``python_layer.py``): the C++ graph
calls it under the GIL on core tensors, and the ops it uses are recorded by
the core's autograd, so gradients flow through it.
"""
import base64
import importlib
import inspect
import marshal
import types


from .layer import Layer


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
            raise NotImplementedError("Lambda: argument `mask` is not supported (a Lambda "
                                      "passes no mask on)")
        if arguments is not None and not isinstance(arguments, dict):
            raise ValueError(f"Lambda: `arguments` must be a dict; received {arguments!r}")
        self.function = function
        self.arguments = dict(arguments or {})
        self._output_shape = output_shape
        self._takes_training = _accepts(function, "training")

    def call(self, inputs, training=None):
        kwargs = dict(self.arguments)
        if self._takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_shape(self, input_shape):
        """From ``output_shape``; without it NotImplementedError, so that the
        shape is found by calling the function (as Keras's compute_output_spec)."""
        given = self._output_shape
        if given is None:
            raise NotImplementedError
        if callable(given):
            return given(input_shape)
        single = not input_shape or not isinstance(input_shape[0], (list, tuple))
        batch = (input_shape if single else input_shape[0])[0]
        if given and isinstance(given[0], (list, tuple)):
            return [(batch,) + tuple(s) for s in given]
        return (batch,) + tuple(given)

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
