"""``pydeep.layers.Embedding`` (Keras 3 signature); lookups and the sparse
gradient run in the C++ layer."""
from .. import constraints as _constraints
from .. import regularizers as _regularizers
from .core import _initializer_config, _unsupported
from .layer import Layer


def _positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"`{name}` must be a positive integer. Received: {name}={value} "
                         f"(of type {type(value).__name__}).")


class Embedding(Layer):
    """Turns integer indices into dense vectors: ``(batch, ...)`` ->
    ``(batch, ..., output_dim)``, rows of ``embeddings`` (input_dim, output_dim).

    Indices may be any numeric dtype (floats are truncated, as Keras casts
    them); an index outside ``[-input_dim, input_dim)`` raises IndexError.
    With ``mask_zero=True`` index 0 is padding: the layer's output carries the
    mask ``indices != 0`` to the layers after it in a model (RNNs skip masked
    steps, see ``pydeep.layers.LSTM``). The gradient of ``embeddings`` is
    written only for the looked-up rows, into a buffer reused from batch to
    batch (no dense ``input_dim x output_dim`` work per batch besides the
    optimizer's update, which, as in Keras, updates every row).
    """

    _native_class = "Embedding"

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, lora_alpha=None, quantization_config=None,
                 **kwargs):
        _positive_int(input_dim, "input_dim")
        _positive_int(output_dim, "output_dim")
        kwargs.pop("input_length", None)  # Keras 3: deprecated and ignored
        super().__init__(**kwargs)
        _unsupported("Embedding", lora_rank=lora_rank, lora_alpha=lora_alpha,
                     quantization_config=quantization_config)
        self.input_dim, self.output_dim = input_dim, output_dim
        self.mask_zero = bool(mask_zero)
        self.embeddings_regularizer = _regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = _constraints.get(embeddings_constraint)
        self._make_native({
            "input_dim": input_dim, "output_dim": output_dim,
            "embeddings_initializer": _initializer_config(embeddings_initializer,
                                                          "embeddings_initializer"),
            "embeddings_regularizer": _regularizers._layer_spec(
                embeddings_regularizer, "Embedding", "embeddings_regularizer"),
            "embeddings_constraint": _constraints._layer_spec(
                embeddings_constraint, "Embedding", "embeddings_constraint"),
            "mask_zero": self.mask_zero})
        if weights is not None:
            self._native.ensure_built([[-1, 1]])
            self.set_weights(weights if isinstance(weights, list) and len(weights) == 1
                             else [weights])

    @property
    def embeddings(self):
        return self._native.weights[0]

    @property
    def supports_masking(self):
        return self.mask_zero

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return self._native.compute_mask([inputs], [None])[0]


class Masking(Layer):
    """``Masking(mask_value=0.0)``: time steps whose features all equal
    ``mask_value`` are padding. The output is the input with those steps
    zeroed, and it carries the mask ``any(inputs != mask_value, axis=-1)``
    (batch, time) to the layers after it in a model: RNNs skip masked steps,
    layers that support masking (Dense, Dropout, merges, ...) pass it on,
    and others (Flatten, Reshape, ...) drop it, as in Keras."""

    _native_class = "Masking"

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = float(mask_value)
        self._make_native({"mask_value": self.mask_value})

    def compute_mask(self, inputs, mask=None):
        return self._native.compute_mask([inputs], [None])[0]
