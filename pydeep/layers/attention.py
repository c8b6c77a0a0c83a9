"""Attention layers with Keras 3 signatures; the math runs in C++ (the
multi-head layer through one fused attention op per call).

Non-tensor call arguments (``use_causal_mask``, ``return_attention_scores``)
are fixed per layer instance: calling one instance with different values
raises NotImplementedError (create another layer). Masks of the query /
value / key tensors arrive through the model graph (``Embedding(mask_zero=
True)``, ``Masking``) or, in eager calls, as ``query_mask`` / ``value_mask``
/ ``key_mask`` (``mask=[q_mask, v_mask]`` for ``Attention``).
"""
from .. import constraints as _constraints
from .. import regularizers as _regularizers
from ..keras_tensor import KerasTensor
from .core import _initializer_config
from .layer import Layer, symbolic_call


def _run(layer, flat, masks, options, training):
    # The C++ layer holds one set of call options, which its graph nodes use:
    # once the layer is part of a model, other options would change the model.
    symbolic = any(isinstance(t, KerasTensor) for t in flat)
    if layer._call_options is not None and layer._call_options != options:
        raise NotImplementedError(
            f"{type(layer).__name__} layer '{layer.name}': calling a layer used in a model with "
            f"different call arguments ({layer._call_options} then {options}) is not "
            "supported; create another layer")
    if symbolic:
        layer._call_options = options
    layer._native.set_call_options(options)
    if symbolic:
        if any(m is not None for m in masks):
            raise NotImplementedError(f"{layer.name}: explicit masks are supported in eager "
                                      "calls only; in a model, masks come from Masking or "
                                      "Embedding(mask_zero=True)")
        out = symbolic_call(layer, layer._native, flat)
    else:
        use = None if all(m is None for m in masks) else masks + [None] * (len(flat) - len(masks))
        out = layer._native(flat, bool(training), use)
    return out[0] if len(out) == 1 else tuple(out)


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al. 2017), Keras 3's layer and weights.

    ``query (B, T, dq)``, ``value (B, S, dv)``, ``key (B, S, dk)`` (default:
    value) -> ``(B, T, output_shape or dq)``; with ``return_attention_scores``
    also the scores ``(B, num_heads, T, S)``. Weights in Keras's order:
    query/key/value kernels ``(d, num_heads, key_dim | value_dim)`` with
    biases ``(num_heads, key_dim | value_dim)``, output kernel ``(num_heads,
    value_dim, output_dim)`` and bias. ``attention_mask (B, T, S)`` (True =
    attend) and ``use_causal_mask`` combine with the tensors' masks as in
    Keras. Only the default ``attention_axes`` is supported.
    """

    _native_class = "MultiHeadAttention"

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True,
                 output_shape=None, attention_axes=None, flash_attention=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, seed=None, use_gate=False,
                 sliding_window=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if attention_axes is not None and tuple(
                [attention_axes] if isinstance(attention_axes, int) else attention_axes) != (1,):
            raise NotImplementedError("MultiHeadAttention: only the default attention_axes is "
                                      f"supported; received attention_axes={attention_axes}")
        if flash_attention:
            raise NotImplementedError("MultiHeadAttention: flash_attention=True is not supported "
                                      "(the CPU kernel is already fused)")
        self.num_heads, self.key_dim = num_heads, key_dim
        self.value_dim = value_dim if value_dim is not None else key_dim
        self.dropout, self.use_bias = float(dropout), bool(use_bias)
        self._call_options = None
        out = output_shape
        if isinstance(out, (list, tuple)):
            out = list(out)
        self._make_native({
            "num_heads": num_heads, "key_dim": key_dim, "value_dim": value_dim,
            "dropout": self.dropout, "use_bias": self.use_bias, "output_shape": out,
            "attention_axes": None, "use_gate": bool(use_gate), "sliding_window": sliding_window,
            "kernel_initializer": _initializer_config(kernel_initializer, "kernel_initializer"),
            "bias_initializer": _initializer_config(bias_initializer, "bias_initializer"),
            "kernel_regularizer": _regularizers._layer_spec(kernel_regularizer,
                                                            "MultiHeadAttention",
                                                            "kernel_regularizer"),
            "bias_regularizer": _regularizers._layer_spec(bias_regularizer, "MultiHeadAttention",
                                                          "bias_regularizer"),
            "kernel_constraint": _constraints._layer_spec(kernel_constraint,
                                                          "MultiHeadAttention",
                                                          "kernel_constraint"),
            "bias_constraint": _constraints._layer_spec(bias_constraint, "MultiHeadAttention",
                                                        "bias_constraint"),
            "seed": seed})

    def __call__(self, query, value=None, key=None, query_mask=None, value_mask=None,
                 key_mask=None, attention_mask=None, return_attention_scores=False,
                 training=None, use_causal_mask=False):
        if value is None and isinstance(query, (list, tuple)) and len(query) in (2, 3):
            # [query, value(, key)]: how a saved model's graph node replays the call
            query, value, key = (list(query) + [None])[:3]
        if value is None:
            raise TypeError(f"MultiHeadAttention layer '{self.name}': missing the `value` "
                            "argument (call it as layer(query, value))")
        flat = [query, value, value if key is None else key]
        if attention_mask is not None:
            flat.append(attention_mask)
        if key is None and key_mask is None:
            key_mask = value_mask
        options = {"has_attention_mask": attention_mask is not None,
                   "use_causal_mask": bool(use_causal_mask),
                   "return_attention_scores": bool(return_attention_scores)}
        return _run(self, flat, [query_mask, value_mask, key_mask], options, training)

    def build(self, query_shape, value_shape, key_shape=None):
        shapes = [query_shape, value_shape, key_shape or value_shape]
        from ..keras_tensor import core_shape

        self._native.ensure_built([core_shape(s) for s in shapes])


class _DenseAttention(Layer):
    def __init__(self, use_scale, dropout, seed, extra=None, **kwargs):
        super().__init__(**kwargs)
        self.use_scale, self.dropout, self.seed = bool(use_scale), float(dropout), seed
        self._call_options = None
        self._make_native({"use_scale": self.use_scale, "dropout": self.dropout, "seed": seed,
                           **(extra or {})})

    def __call__(self, inputs, mask=None, training=None, return_attention_scores=False,
                 use_causal_mask=False):
        if not isinstance(inputs, (list, tuple)) or len(inputs) not in (2, 3):
            raise ValueError(f"{type(self).__name__} layer '{self.name}': expected a list of "
                             f"[query, value] or [query, value, key]; received {inputs!r}")
        masks = list(mask) if mask is not None else [None, None]
        options = {"use_causal_mask": bool(use_causal_mask),
                   "return_attention_scores": bool(return_attention_scores)}
        return _run(self, list(inputs), masks, options, training)


class Attention(_DenseAttention):
    """Dot-product (Luong) attention: ``softmax(query @ key^T) @ value`` over
    ``[query (B, Tq, dim), value (B, Tv, dv), key (B, Tv, dim)]``.
    ``use_scale`` adds a trainable scalar scale; ``score_mode="concat"`` uses
    ``sum(tanh(query + key))`` scores with a trainable scalar weight."""

    _native_class = "Attention"

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        if score_mode not in ("dot", "concat"):
            raise ValueError("Invalid value for argument score_mode. Expected one of {'dot', "
                             f"'concat'}}. Received: score_mode={score_mode}")
        self.score_mode = score_mode
        super().__init__(use_scale, dropout, seed, {"score_mode": score_mode}, **kwargs)


class AdditiveAttention(_DenseAttention):
    """Additive (Bahdanau) attention: scores ``sum(scale * tanh(query + key))``
    with a trainable ``scale (dim,)`` when ``use_scale`` (the default)."""

    _native_class = "AdditiveAttention"

    def __init__(self, use_scale=True, dropout=0.0, seed=None, **kwargs):
        super().__init__(use_scale, dropout, seed, **kwargs)
