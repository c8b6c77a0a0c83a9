"""``SimpleRNN``, ``LSTM`` and ``GRU`` with Keras 3 signatures and weights.

Each call is one input-projection GEMM plus one C++ recurrence op (forward
and backpropagation through time in C++, no per-step graph). Weights, in
Keras's order and layout: ``kernel (features, G*units)``, ``recurrent_kernel
(units, G*units)``, ``bias (G*units,)`` — GRU with ``reset_after=True``:
``(2, 3*units)``. Gate order: LSTM ``i, f, c, o``; GRU ``z, r, h``; so
``layer.set_weights(keras_layer.get_weights())`` reproduces Keras's outputs.

Call: ``layer(sequences, initial_state=None, mask=None, training=None)``;
``sequences`` is ``(batch, timesteps, features)``. Masks (batch, timesteps)
also arrive from ``Embedding(mask_zero=True)`` or ``Masking`` in a model:
masked steps keep the states and repeat the previous output (Keras). An
explicit ``mask=`` is supported in eager calls; in a model, use ``Masking``.

Notes on arguments: ``unroll`` is accepted and has no effect (the recurrence
is always one fused C++ loop; results are identical). ``dropout`` /
``recurrent_dropout`` draw one mask per call, fixed across the time steps,
as Keras; Keras's implementation 1 (used when ``recurrent_dropout > 0``)
draws one mask per gate, pydeep one mask shared by the gates. ``use_cudnn``
must be ``"auto"`` or ``False`` (there is no cuDNN path).
"""
from .. import activations as _activations
from .. import constraints as _constraints
from .. import regularizers as _regularizers
from ..keras_tensor import KerasTensor
from .core import _initializer_config
from .layer import Layer


class _RNN(Layer):
    _gates = 1

    def __init__(self, units, *, activation, recurrent_activation, use_bias, kernel_initializer,
                 recurrent_initializer, bias_initializer, kernel_regularizer,
                 recurrent_regularizer, bias_regularizer, activity_regularizer,
                 kernel_constraint, recurrent_constraint, bias_constraint, dropout,
                 recurrent_dropout, seed, return_sequences, return_state, go_backwards,
                 stateful, unroll, use_cudnn="auto", extra=None, **kwargs):
        name = type(self).__name__
        if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
            raise ValueError("Received an invalid value for argument `units`, expected a "
                             f"positive integer, got {units}.")
        zero_output_for_mask = bool(kwargs.pop("zero_output_for_mask", False))
        implementation = kwargs.pop("implementation", 2)
        if implementation not in (1, 2):
            raise ValueError(f"{name}: `implementation` must be 1 or 2; received "
                             f"{implementation!r}")
        if use_cudnn not in ("auto", True, False):
            raise ValueError("Invalid valid received for argument `use_cudnn`. Expected one of "
                             f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn}")
        if use_cudnn is True:
            raise NotImplementedError(f"{name}: use_cudnn=True is not supported (pydeep has no "
                                      "cuDNN path); use 'auto' or False")
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = units
        self.activation = _activations.get(activation)
        self.recurrent_activation = (_activations.get(recurrent_activation)
                                     if recurrent_activation is not None or self._gates > 1
                                     else None)
        self.use_bias = bool(use_bias)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        self.return_sequences, self.return_state = bool(return_sequences), bool(return_state)
        self.go_backwards, self.stateful = bool(go_backwards), bool(stateful)
        self.unroll, self.use_cudnn = bool(unroll), use_cudnn
        self.implementation = implementation
        self.zero_output_for_mask = zero_output_for_mask
        specs = {}
        for arg, value, module in (("kernel_regularizer", kernel_regularizer, _regularizers),
                                   ("recurrent_regularizer", recurrent_regularizer, _regularizers),
                                   ("bias_regularizer", bias_regularizer, _regularizers),
                                   ("kernel_constraint", kernel_constraint, _constraints),
                                   ("recurrent_constraint", recurrent_constraint, _constraints),
                                   ("bias_constraint", bias_constraint, _constraints)):
            specs[arg] = module._layer_spec(value, name, arg)
            setattr(self, arg, module.get(value))
        config = {
            "units": units, "activation": _activations.serialize(activation),
            "use_bias": self.use_bias,
            "kernel_initializer": _initializer_config(kernel_initializer, "kernel_initializer"),
            "recurrent_initializer": _initializer_config(recurrent_initializer,
                                                         "recurrent_initializer"),
            "bias_initializer": _initializer_config(bias_initializer, "bias_initializer"),
            "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout, "seed": seed,
            "return_sequences": self.return_sequences, "return_state": self.return_state,
            "go_backwards": self.go_backwards, "stateful": self.stateful,
            "unroll": self.unroll, "zero_output_for_mask": zero_output_for_mask, **specs}
        if self._gates > 1:
            config["recurrent_activation"] = _activations.serialize(recurrent_activation)
        config.update(extra or {})
        self._make_native(config)

    # -- calling ------------------------------------------------------------------------------
    def __call__(self, sequences, initial_state=None, mask=None, training=None):
        flat = [sequences]
        if initial_state is not None:
            flat += list(initial_state) if isinstance(initial_state, (list, tuple)) \
                else [initial_state]
        if any(isinstance(t, KerasTensor) for t in flat + [mask]):
            if mask is not None:
                raise NotImplementedError(
                    f"{self.name}: an explicit `mask=` is supported in eager calls only; in a "
                    "model, put a Masking layer or Embedding(mask_zero=True) before the RNN")
            return Layer.__call__(self, flat if len(flat) > 1 else sequences)
        masks = None if mask is None else [mask] + [None] * (len(flat) - 1)
        outputs = self._native(flat, bool(training), masks)
        return outputs[0] if len(outputs) == 1 else outputs

    # -- states ---------------------------------------------------------------------------------
    def reset_states(self):
        """Zeroes the states of a stateful layer (Keras's ``reset_states``)."""
        self._native.reset_states()

    reset_state = reset_states

    @property
    def states(self):
        return list(self._native.states) if self.stateful else None

    # -- weights ----------------------------------------------------------------------------------
    @property
    def kernel(self):
        return self._native.weights[0]

    @property
    def recurrent_kernel(self):
        return self._native.weights[1]

    @property
    def bias(self):
        return self._native.weights[2] if self.use_bias else None

    @property
    def supports_masking(self):
        return True

    def compute_mask(self, inputs, mask=None):
        out = None if mask is None or not self.return_sequences else mask
        if self.return_state:
            return [out] + [None] * (2 if self._gates == 4 else 1)
        return out



_COMMON = dict(use_bias=True, kernel_initializer="glorot_uniform",
               recurrent_initializer="orthogonal", bias_initializer="zeros",
               kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
               bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
               return_sequences=False, return_state=False, go_backwards=False, stateful=False,
               unroll=False)


class SimpleRNN(_RNN):
    """Fully connected RNN: ``h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel
    + bias)``. See the module documentation for calls, masks and states."""

    _native_class = "SimpleRNN"
    _gates = 1

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, seed=None, **kwargs):
        super().__init__(
            units, activation=activation, recurrent_activation=None, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed,
            return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, unroll=unroll, **kwargs)


class LSTM(_RNN):
    """Long short-term memory (Hochreiter 1997), Keras's gates ``i, f, c, o``.
    ``unit_forget_bias=True`` starts the forget gate's bias at one. See the
    module documentation for calls, masks and states."""

    _native_class = "LSTM"
    _gates = 4

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False,
                 use_cudnn="auto", **kwargs):
        self.unit_forget_bias = bool(unit_forget_bias)
        super().__init__(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards, stateful=stateful,
            unroll=unroll, use_cudnn=use_cudnn,
            extra={"unit_forget_bias": self.unit_forget_bias}, **kwargs)


class GRU(_RNN):
    """Gated recurrent unit (Cho 2014), Keras's gates ``z, r, h``.
    ``reset_after=True`` (default, the cuDNN-compatible form) applies the
    reset gate after the recurrent matrix product and has a ``(2, 3*units)``
    bias (input, recurrent); ``reset_after=False`` a ``(3*units,)`` bias. See
    the module documentation for calls, masks and states."""

    _native_class = "GRU"
    _gates = 3

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, reset_after=True,
                 use_cudnn="auto", **kwargs):
        self.reset_after = bool(reset_after)
        super().__init__(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards, stateful=stateful,
            unroll=unroll, use_cudnn=use_cudnn, extra={"reset_after": self.reset_after},
            **kwargs)
