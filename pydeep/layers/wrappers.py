"""``Bidirectional`` and ``TimeDistributed`` (Keras 3 wrappers). The C++
wrapper holds the wrapped layers themselves, so their weights are shared:
``Bidirectional(LSTM(8))`` has the forward layer's weights then the
backward layer's, as Keras orders them."""
from ..keras_tensor import KerasTensor
from .layer import Layer, native_layer
from .rnn import _RNN

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _layer_from(entry):
    from .. import layers as layers_module

    return getattr(layers_module, entry["class_name"]).from_config(dict(entry["config"]))


class Bidirectional(Layer):
    """``Bidirectional(layer, merge_mode="concat", weights=None, backward_layer=None)``.

    Runs ``layer`` (a SimpleRNN, LSTM or GRU) forward and a copy of it (or
    ``backward_layer``) backward over the sequences and merges the outputs:
    ``"concat"`` (last axis), ``"sum"``, ``"mul"``, ``"ave"``, or ``None`` (a
    list of both). With ``return_sequences`` the backward outputs are flipped
    back to input order; with ``return_state`` the forward then backward final
    states follow. As Keras, both layers use zeros as the outputs of masked
    steps when returning sequences. The layers are rebuilt from their configs
    (named ``forward_<name>`` / ``backward_<name>``) and exposed as
    ``forward_layer`` / ``backward_layer``; ``weights=`` is not supported (use
    ``set_weights`` once built).
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, _RNN):
            raise ValueError("Please initialize `Bidirectional` layer with a recurrent layer "
                             f"(SimpleRNN, LSTM, GRU) instance. Received: {layer}")
        if backward_layer is not None and not isinstance(backward_layer, _RNN):
            raise ValueError("`backward_layer` need to be a recurrent layer (SimpleRNN, LSTM, "
                             f"GRU) instance. Received: {backward_layer}")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should be "
                             'one of {"sum", "mul", "ave", "concat", None}')
        if weights is not None:
            raise NotImplementedError("Bidirectional: `weights` is not supported; call "
                                      "set_weights once the layer is built")
        super().__init__(**kwargs)
        zero = layer.return_sequences
        config = dict(layer.get_config(), zero_output_for_mask=zero,
                      name="forward_" + layer.name.removeprefix("forward_"))
        self.forward_layer = type(layer).from_config(config)
        if backward_layer is None:
            config = dict(layer.get_config(), zero_output_for_mask=zero,
                          go_backwards=not layer.go_backwards,
                          name="backward_" + layer.name.removeprefix("backward_"))
            self.backward_layer = type(layer).from_config(config)
        else:
            config = dict(backward_layer.get_config(),
                          zero_output_for_mask=backward_layer.return_sequences)
            self.backward_layer = type(backward_layer).from_config(config)
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.stateful = layer.stateful
        from .. import _core

        config = {"name": self.name, "trainable": self._trainable, "merge_mode": merge_mode}
        if self._activity_regularizer_spec is not None:
            config["activity_regularizer"] = self._activity_regularizer_spec
        self._native = _core.make_wrapper("Bidirectional", config,
                                          [self.forward_layer._native,
                                           self.backward_layer._native])

    def __call__(self, sequences, initial_state=None, mask=None, training=None):
        return _RNN.__call__(self, sequences, initial_state=initial_state, mask=mask,
                             training=training)

    def reset_states(self):
        self._native.reset_states()

    reset_state = reset_states

    @property
    def states(self):
        return list(self._native.states) if self.stateful else None

    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable, "dtype": "float32",
                  "merge_mode": self.merge_mode,
                  "layer": {"class_name": type(self.forward_layer).__name__,
                            "config": self.forward_layer.get_config()},
                  "backward_layer": {"class_name": type(self.backward_layer).__name__,
                                     "config": self.backward_layer.get_config()}}
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config.pop("dtype", None)
        layer = _layer_from(config.pop("layer"))
        backward = config.pop("backward_layer", None)
        return cls(layer, backward_layer=None if backward is None else _layer_from(backward),
                   **config)


class TimeDistributed(Layer):
    """``TimeDistributed(layer)``: applies ``layer`` to every time slice of a
    ``(batch, time, ...)`` input (as one call on ``(batch * time, ...)``).
    The wrapped layer's weights are shared with it. Masks pass through."""

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer) and not hasattr(layer, "_as_native_layer"):
            raise ValueError("Please initialize `TimeDistributed` layer with a `Layer` "
                             f"instance. Received: {layer}")
        super().__init__(**kwargs)
        self.layer = layer
        from .. import _core

        self._native = _core.make_wrapper("TimeDistributed",
                                          {"name": self.name, "trainable": self._trainable},
                                          [native_layer(layer)])

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable, "dtype": "float32",
                "layer": {"class_name": type(self.layer).__name__,
                          "config": self.layer.get_config()}}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config.pop("dtype", None)
        return cls(_layer_from(config.pop("layer")), **config)
