"""``pydeep.Model``: a functional model over the C++ graph and training loop."""
import numpy as np

from .. import _core
from ..keras_tensor import KerasTensor, keras_shape
from ..layers.layer import symbolic_call, unique_name
from .functional import build_native_graph, trace_graph
from .summary import print_summary
from .trainer import Trainer


class Model(Trainer):
    """``Model(inputs, outputs, name=None)``: the layers between symbolic
    inputs (``pydeep.Input``) and outputs, run and trained in C++."""

    def __init__(self, inputs=None, outputs=None, name=None, trainable=True, **kwargs):
        if kwargs:
            raise TypeError(f"Model: unexpected keyword argument(s) {sorted(kwargs)}")
        if inputs is None or outputs is None:
            raise NotImplementedError("Model: subclassed models (no inputs/outputs) are not "
                                      "supported yet; use Model(inputs, outputs) or Sequential")
        super().__init__()
        self.name = name or unique_name("functional")
        self._structure_inputs = inputs
        self._structure_outputs = outputs
        self._set_graph(*trace_graph(inputs, outputs))
        if not trainable:
            self.trainable = False

    # -- the graph ----------------------------------------------------------------------------
    def _set_graph(self, inputs, nodes, outputs):
        self.inputs, self.outputs = inputs, outputs
        self._nodes = nodes
        self._graph = build_native_graph(inputs, nodes, outputs)
        self._native = _core.Model(self._graph, self.name)
        self._single_output = not isinstance(self._structure_outputs, (list, tuple, dict))
        names = [t._node.layer.name if t._node is not None else t.name for t in outputs]
        self._output_names = names
        self._native.set_output_names(names)
        self._compiled_state = None

    @property
    def layers(self):
        seen, out = set(), []
        for t in self.inputs:
            layer = getattr(t, "_input_layer", None)
            if layer is not None and id(layer) not in seen:
                seen.add(id(layer))
                out.append(layer)
        for node in self._nodes:
            if id(node.layer) not in seen:
                seen.add(id(node.layer))
                out.append(node.layer)
        return out

    def get_layer(self, name=None, index=None):
        if index is not None and name is not None:
            raise ValueError("Provide only a layer name or a layer index. Received: "
                             f"index={index}, name={name}.")
        if index is not None:
            if not 0 <= index < len(self.layers):
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only "
                                 f"has {len(self.layers)} layers.")
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(f"No such layer: {name}. Existing layers are: "
                             f"{[l.name for l in self.layers]}.")
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    # -- calling --------------------------------------------------------------------------------
    def __call__(self, inputs, training=False):
        flat = list(inputs.values()) if isinstance(inputs, dict) else (
            list(inputs) if isinstance(inputs, (list, tuple)) else [inputs])
        if isinstance(inputs, dict):
            flat = [inputs[n] for n in self._input_names()]
        if any(isinstance(t, KerasTensor) for t in flat):
            if not all(isinstance(t, KerasTensor) for t in flat):
                raise ValueError(f"Model '{self.name}': all inputs must be symbolic (from "
                                 "pydeep.Input) or all concrete arrays, not a mix")
            return self._structure(symbolic_call(self, self._as_native_layer(), flat))
        outs = self._graph.forward(flat, bool(training))
        return self._structure(outs)

    # -- as a layer of another model --------------------------------------------------------
    _keras_class_name = "Functional"

    def _as_native_layer(self):
        """The core layer that runs this model inside another model's graph
        (its weights are this model's weights)."""
        if getattr(self, "_graph_layer", None) is None or \
                self._graph_layer_graph is not self._graph:
            self._graph_layer = _core.GraphLayer(self._graph, self.name, self._keras_class_name)
            self._graph_layer_graph = self._graph
            if not self.trainable:
                self._graph_layer.trainable = False
        return self._graph_layer

    @property
    def _inbound_nodes(self):
        if "_nodes_as_layer" not in self.__dict__:
            self._nodes_as_layer = []
        return self._nodes_as_layer

    def _structure(self, outs):
        if self._single_output:
            return outs[0]
        if isinstance(self._structure_outputs, dict):
            return dict(zip(self._structure_outputs.keys(), outs))
        return list(outs)

    # -- weights ----------------------------------------------------------------------------
    @property
    def trainable(self):
        return getattr(self, "_trainable_flag", True)

    @trainable.setter
    def trainable(self, value):
        self._trainable_flag = bool(value)
        for layer in self.layers:
            if hasattr(layer, "_native"):
                layer.trainable = value
        if getattr(self, "_graph_layer", None) is not None:
            self._graph_layer.trainable = bool(value)

    @property
    def weights(self):
        return list(self._graph.weights)

    @property
    def trainable_weights(self):
        return list(self._graph.trainable_weights)

    @property
    def non_trainable_weights(self):
        return list(self._graph.non_trainable_weights)

    @property
    def losses(self):
        """Keras's ``model.losses``: every layer's activity penalties from the
        latest forward pass, then the weight penalties of the trainable
        weights (current values; scalar tensors)."""
        return [] if self._graph is None else list(self._graph.losses)

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    def count_params(self):
        return int(sum(np.prod(w.shape, dtype=np.int64) for w in self.weights))

    def get_weights(self):
        return [np.array(w, copy=True) for w in self.weights]

    def set_weights(self, weights):
        mine = self.weights
        if len(weights) != len(mine):
            raise ValueError(f"Model '{self.name}' expected {len(mine)} weights, but received "
                             f"{len(weights)}.")
        for var, value in zip(mine, weights):
            value = np.asarray(value)
            if tuple(value.shape) != tuple(var.shape):
                raise ValueError(f"Model '{self.name}': weight {var.name} has shape "
                                 f"{tuple(var.shape)}, but the value has shape {value.shape}")
        for var, value in zip(mine, weights):
            var._assign(np.asarray(value))

    @property
    def input_shape(self):
        shapes = [t.shape for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [keras_shape(s) for s in self._graph.output_shapes]
        return shapes[0] if len(shapes) == 1 else shapes

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        for arg, value in (("positions", positions), ("layer_range", layer_range)):
            if value is not None:
                raise NotImplementedError(f"summary: `{arg}` is not supported yet")
        if expand_nested or show_trainable:
            raise NotImplementedError("summary: expand_nested and show_trainable are not "
                                      "supported yet")
        print_summary(self, line_length=line_length, print_fn=print_fn)

    def get_config(self):
        raise NotImplementedError("Model.get_config: functional model configs arrive with "
                                  "model saving")
