"""``pydeep.Sequential``: a plain stack of layers."""
import numpy as np

from ..keras_tensor import KerasTensor
from ..layers.input_layer import InputLayer
from ..layers.layer import Layer, unique_name
from .model import Model


class Sequential(Model):
    _keras_class_name = "Sequential"
    """``Sequential([layers...])`` or ``.add(layer)``. With ``pydeep.Input`` (or
    ``input_shape=`` on the first layer) the model is built at once; otherwise
    it is built on its first call, fit, evaluate or predict."""

    def __init__(self, layers=None, trainable=True, name=None):
        self.name = name or unique_name("sequential")
        self._stack = []
        self._input_batch_shape = None
        self._graph = None
        self._native = None
        self.inputs, self.outputs, self._nodes = [], [], []
        self._output_names = []
        from .trainer import Trainer
        Trainer.__init__(self)
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_build()
        if not trainable:
            self.trainable = False

    def add(self, layer, rebuild=True):
        if isinstance(layer, KerasTensor) and getattr(layer, "_input_layer", None) is not None:
            layer = layer._input_layer
        if isinstance(layer, InputLayer):
            if self._stack:
                raise ValueError("Sequential: an Input must come before the other layers")
            self._input_batch_shape = layer.batch_shape
            return
        if not isinstance(layer, (Layer, Model)):
            raise ValueError("Only instances of `pydeep.layers.Layer` can be added to a "
                             f"Sequential model. Received: {layer!r} (of type {type(layer)})")
        if not self._stack and self._input_batch_shape is None:
            if isinstance(layer, Model):  # a built model brings its input shape
                if layer.inputs:
                    self._input_batch_shape = tuple(layer.inputs[0].shape)
            elif layer._input_shape_arg:
                self._input_batch_shape = layer._input_shape_arg
        self._stack.append(layer)
        if rebuild:
            self._maybe_build()

    def pop(self, rebuild=True):
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        if rebuild:
            self._maybe_build()
        return layer

    def _maybe_build(self):
        if self._input_batch_shape is not None and self._stack:
            self._build_from(self._input_batch_shape)

    def _build_from(self, batch_shape):
        from ..keras_tensor import KerasTensor as KT

        inputs = KT(batch_shape, name=f"{self.name}_input")
        x = inputs
        for layer in self._stack:
            x = layer(x)
        self._structure_outputs = x
        self._set_graph([inputs], self._nodes_of(inputs, x), [x])
        pending = getattr(self, "_pending_compile", None)
        if pending is not None:
            self._pending_compile = None
            Model.compile(self, *pending[0], **pending[1])

    @staticmethod
    def _nodes_of(inputs, output):
        from .functional import trace_graph

        return trace_graph([inputs], [output])[1]

    def _ensure_graph_for(self, x):
        if self._graph is not None:
            return
        if not self._stack:
            raise ValueError("Sequential: the model has no layers")
        arr = x[0] if isinstance(x, (list, tuple)) else x
        shape = np.shape(arr)
        if len(shape) < 1:
            raise ValueError(f"Sequential: expected batched input data; received shape {shape}")
        self._input_batch_shape = (None,) + tuple(shape[1:])
        self._build_from(self._input_batch_shape)

    def __call__(self, inputs, training=False):
        self._ensure_graph_for(inputs)
        return super().__call__(inputs, training)

    def build(self, input_shape=None):
        if input_shape is None:
            raise ValueError("Sequential.build: pass the input shape (batch axis included)")
        self._input_batch_shape = tuple(input_shape)
        self._build_from(self._input_batch_shape)

    @property
    def built(self):
        return self._graph is not None

    @property
    def layers(self):
        return list(self._stack)

    def compile(self, *args, **kwargs):
        if self._graph is None:  # Keras allows this: compiled once built by the data
            self._pending_compile = (args, kwargs)
            self.compiled = True
            return None
        return super().compile(*args, **kwargs)

    def get_config(self):
        layers = [{"class_name": type(l).__name__, "config": l.get_config()} for l in self._stack]
        config = {"name": self.name, "trainable": self.trainable, "layers": layers}
        if self._input_batch_shape is not None:
            config["build_input_shape"] = self._input_batch_shape
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from .. import layers as layers_module

        model = cls(name=config.get("name"))
        if config.get("build_input_shape") is not None:
            model.add(InputLayer(batch_shape=tuple(config["build_input_shape"])), rebuild=False)
        for entry in config["layers"]:
            klass = (custom_objects or {}).get(entry["class_name"]) or \
                getattr(layers_module, entry["class_name"], None)
            if klass is None:
                raise ValueError(f"Unknown layer: '{entry['class_name']}'")
            cfg = {k: v for k, v in entry["config"].items() if k != "dtype"}
            model.add(klass.from_config(cfg), rebuild=False)
        model._maybe_build()
        return model
