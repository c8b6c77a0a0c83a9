"""``pydeep.layers.Layer``: the Python face of a C++ layer.

Built-in layers are C++ objects (``self._native``) created from their Keras
config by one generic factory; this class adds Keras's calling conventions:
symbolic calls while a model is defined, eager calls on arrays, and the
weight accessors.
"""
import re

import numpy as np

from .. import _core
from . import python_layer
from .. import regularizers as _regularizers
from ..keras_tensor import KerasTensor, Node, core_shape, keras_shape

_name_counts = {}


def unique_name(base):
    """Keras-style automatic names: dense, dense_1, dense_2, ..."""
    n = _name_counts.get(base, 0)
    _name_counts[base] = n + 1
    return base if n == 0 else f"{base}_{n}"


def _to_snake(name):
    """Keras's auto-name rule: Dense -> dense, Conv2D -> conv2d, MaxPooling2D -> max_pooling2d."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def symbolic_call(owner, native, flat):
    """Records a call of ``owner`` (its core layer ``native``) on symbolic
    tensors: builds the layer for their shapes and returns its symbolic outputs."""
    shapes = [core_shape(t.shape) for t in flat]
    native.ensure_built(shapes)
    out_shapes = native.compute_output_shape(shapes)
    node = Node(owner, flat, [])
    outputs = [KerasTensor(keras_shape(s), node=node, index=i,
                           name=f"{owner.name}_output_{i}" if i else f"{owner.name}_output")
               for i, s in enumerate(out_shapes)]
    node.outputs = outputs
    owner._inbound_nodes.append(node)
    return outputs


def native_layer(layer):
    """The core layer a graph node runs: the layer's own, or a nested model's graph."""
    call_layer = layer.__dict__.get("_call_layer")  # a subclassed model: its call()
    if call_layer is not None:
        return call_layer
    as_layer = getattr(layer, "_as_native_layer", None)
    return as_layer() if as_layer is not None else layer._native


class Layer:
    """Base class of pydeep layers (Keras 3's ``keras.layers.Layer``)."""

    _native_class = None  # the C++ class name, for built-in layers

    def __init__(self, *, activity_regularizer=None, name=None, trainable=True, dtype=None,
                 input_shape=None, batch_size=None, input_dim=None, **kwargs):
        if kwargs:
            raise TypeError(f"{type(self).__name__}: unexpected keyword argument(s) "
                            f"{sorted(kwargs)}")
        if dtype not in (None, "float32") and getattr(dtype, "name", None) != "float32":
            raise NotImplementedError(f"{type(self).__name__}: dtype={dtype!r} is not supported; "
                                      "pydeep layers compute in float32")
        self.name = name or unique_name(_to_snake(type(self).__name__))
        # Keras: every layer takes an activity regularizer; the core applies
        # it to the layer's outputs on each call (penalty / batch size).
        self._activity_regularizer_spec = _regularizers._layer_spec(
            activity_regularizer, type(self).__name__, "activity_regularizer")
        self.activity_regularizer = _regularizers.get(activity_regularizer)
        self._trainable = bool(trainable)
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        # Keras accepts input_shape on the first layer of a Sequential model.
        self._input_shape_arg = None if input_shape is None else (
            (batch_size,) + tuple(input_shape))
        self._native = None
        self._inbound_nodes = []
        if type(self).call is not Layer.call:  # a layer written in Python
            python_layer.attach(self)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A Python layer's own build() runs once, from the core; calling
        # layer.build(shape) directly goes through the core too.
        if "build" in cls.__dict__ and cls.call is not Layer.call:
            cls._user_build = cls.__dict__["build"]
            cls.build = Layer.build

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if not name.startswith("_") and self.__dict__.get("_python_tracked") is not None:
            python_layer.track(self, value)

    def call(self, *args, **kwargs):
        """The layer's math, for layers written in Python (override it)."""
        raise NotImplementedError(f"{type(self).__name__}: layers written in Python implement "
                                  "call()")

    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True,
                   autocast=True, regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None):
        """Creates a weight of a Python layer (call it from ``build``).

        Weights are float32 on one device, so ``autocast`` (a mixed-precision
        switch) and ``aggregation`` (a distribution setting; the Keras values
        are accepted) change nothing, as in Keras in that setting; other
        dtypes, other aggregations and ``overwrite_with_gradient=True`` raise
        NotImplementedError."""
        if dtype not in (None, "float32"):
            raise NotImplementedError(f"{self.name}.add_weight: dtype={dtype!r} is not "
                                      "supported; weights are float32")
        if aggregation not in ("none", "mean", "sum", "only_first_replica") or \
                overwrite_with_gradient:
            raise NotImplementedError(f"{self.name}.add_weight: aggregation={aggregation!r} / "
                                      "overwrite_with_gradient=True are not supported")
        return python_layer.add_weight(self, shape, initializer, trainable, regularizer,
                                       constraint, name)

    def add_loss(self, loss):
        """Adds a loss computed in ``call`` to the model's total loss (Keras's add_loss)."""
        if getattr(self, "_python_tracked", None) is None:
            raise NotImplementedError(f"{type(self).__name__}.add_loss: only layers written in "
                                      "Python add losses this way")
        python_layer.core_layer(self).add_loss(_core.convert_to_tensor(loss))

    # -- what the core calls for Python layers --------------------------------------------------
    def _native_build(self, shapes):
        python_layer.build(self, shapes)

    def _native_output_shapes(self, shapes):
        return python_layer.output_shapes(self, shapes)

    def _native_call(self, tensors, training):
        return python_layer.call(self, tensors, training)

    # -- construction of the C++ layer ------------------------------------------------------
    def _make_native(self, config):
        config = dict(config, name=self.name, trainable=self._trainable)
        if self._activity_regularizer_spec is not None:
            config["activity_regularizer"] = self._activity_regularizer_spec
        self._native = _core.make_layer(self._native_class, config)

    # -- calling ------------------------------------------------------------------------------
    def __call__(self, inputs, training=None, **kwargs):
        if getattr(self, "_list_input", 0) is None:
            self._list_input = isinstance(inputs, (list, tuple))
        if kwargs:
            raise TypeError(f"{self.name}: unexpected call argument(s) {sorted(kwargs)}")
        flat = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        if any(isinstance(t, KerasTensor) for t in flat):
            if not all(isinstance(t, KerasTensor) for t in flat):
                raise ValueError(f"Layer '{self.name}': all inputs must be symbolic (from "
                                 "pydeep.Input) or all concrete arrays, not a mix")
            return self._symbolic_call(flat, inputs)
        outputs = self._native(flat, bool(training))
        return outputs[0] if len(outputs) == 1 else outputs

    def _symbolic_call(self, flat, inputs):
        outputs = symbolic_call(self, self._native, flat)
        return outputs[0] if len(outputs) == 1 else outputs

    def build(self, input_shape):
        """Creates the weights for inputs of ``input_shape`` (batch axis included)."""
        shapes = input_shape if (input_shape and isinstance(input_shape[0], (list, tuple))) \
            else [input_shape]
        self._native.ensure_built([core_shape(s) for s in shapes])

    def compute_output_shape(self, input_shape):
        single = not (input_shape and isinstance(input_shape[0], (list, tuple)))
        shapes = [input_shape] if single else input_shape
        out = [keras_shape(s) for s in self._native.compute_output_shape(
            [core_shape(s) for s in shapes])]
        return out[0] if len(out) == 1 else out

    # -- state ----------------------------------------------------------------------------------
    @property
    def built(self):
        return self._native.built

    @property
    def trainable(self):
        return self._native.trainable if self._native is not None else self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        if self._native is not None:
            self._native.trainable = bool(value)

    @property
    def weights(self):
        return list(self._native.weights)

    @property
    def trainable_weights(self):
        return list(self._native.trainable_weights)

    @property
    def non_trainable_weights(self):
        return list(self._native.non_trainable_weights)

    @property
    def variables(self):
        return self.weights

    @property
    def losses(self):
        """Keras's ``layer.losses``: the activity penalties of the latest call
        (divided by the batch size), then the penalties of the trainable
        weights that have a regularizer, at their current values (scalar
        tensors, differentiable under a ``GradientTape``)."""
        return list(self._native.losses)

    @property
    def trainable_variables(self):
        return self.trainable_weights

    @property
    def non_trainable_variables(self):
        return self.non_trainable_weights

    def count_params(self):
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on layer '{self.name}', but the "
                             "layer isn't built. You can build it manually via: "
                             "`layer.build(input_shape)`.")
        return int(self._native.count_params())

    def get_weights(self):
        return [np.array(w, copy=True) for w in self.weights]

    def set_weights(self, weights):
        mine = self.weights
        if len(weights) != len(mine):
            raise ValueError(f"Layer '{self.name}' expected {len(mine)} weights, but "
                             f"received {len(weights)} weights.")
        for var, value in zip(mine, weights):
            value = np.asarray(value)
            if tuple(value.shape) != tuple(var.shape):
                raise ValueError(f"Layer '{self.name}' weight shape {tuple(var.shape)} is not "
                                 f"compatible with provided weight shape {value.shape}.")
            var._assign(value)

    # -- masking (Keras's supports_masking / compute_mask) -------------------------------------
    @property
    def supports_masking(self):
        return bool(self._native.supports_masking)

    def compute_mask(self, inputs, previous_mask):
        """The output mask for ``inputs`` carrying ``previous_mask`` (None = no mask)."""
        flat = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        masks = list(previous_mask) if isinstance(previous_mask, (list, tuple)) \
            else [previous_mask] + [None] * (len(flat) - 1)
        out = self._native.compute_mask(flat, masks)
        if not out:
            return None
        return out[0] if len(out) == 1 else out

    def get_config(self):
        if self.__dict__.get("_python_tracked") is not None:  # a Python layer: the base keys
            config = {"name": self.name, "trainable": self.trainable, "dtype": "float32"}
            if self._activity_regularizer_spec is not None:
                config["activity_regularizer"] = self._activity_regularizer_spec
            return config
        config = dict(self._native.get_config())
        config["dtype"] = "float32"
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"
