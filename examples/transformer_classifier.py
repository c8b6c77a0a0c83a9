"""A transformer encoder block that labels every token of a sequence.

    python examples/transformer_classifier.py [--smoke]

The task (``pydeep.datasets.synthetic.token_classification``): for each token,
say whether the same token already occurred earlier in the sequence. A token
alone says nothing; attention lets every position compare itself with the
others, and a causal mask keeps it from looking ahead. The block is the
classic one: token + position embeddings (a custom layer), multi-head
self-attention and a feed-forward network, each with a residual connection
and LayerNormalization.
"""
import argparse

import pydeep as keras
from pydeep import layers, ops


class TokenAndPositionEmbedding(layers.Layer):
    """Token embeddings plus learned position embeddings: (batch, len) -> (batch, len, d)."""

    def __init__(self, max_length, vocab_size, dim, **kwargs):
        super().__init__(**kwargs)
        self.max_length, self.vocab_size, self.dim = max_length, vocab_size, dim
        self.token = layers.Embedding(vocab_size, dim)
        self.position = layers.Embedding(max_length, dim)

    def call(self, x):
        return self.token(x) + self.position(ops.arange(self.max_length))

    def get_config(self):
        return {**super().get_config(), "max_length": self.max_length,
                "vocab_size": self.vocab_size, "dim": self.dim}


def encoder_block(x, dim, heads, ff_dim, dropout):
    attended = layers.MultiHeadAttention(heads, dim // heads, dropout=dropout)(
        x, x, use_causal_mask=True)
    x = layers.LayerNormalization()(layers.Add()([x, attended]))
    ff = layers.Dense(dim)(layers.Dense(ff_dim, activation="relu")(x))
    return layers.LayerNormalization()(layers.Add()([x, layers.Dropout(dropout)(ff)]))


def build(length, vocab_size, dim=32, heads=4):
    tokens = keras.Input(shape=(length,), dtype="int32")
    x = TokenAndPositionEmbedding(length, vocab_size, dim)(tokens)
    x = encoder_block(x, dim, heads, ff_dim=2 * dim, dropout=0.1)
    return keras.Model(tokens, layers.Dense(1, activation="sigmoid")(x))  # one label per token


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="fewer samples and epochs")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n, epochs = (4000, 12) if args.smoke else (8000, 20)
    length, vocab_size = 12, 20

    keras.utils.set_random_seed(args.seed)
    x, y = keras.datasets.synthetic.token_classification(n, length=length,
                                                          vocab_size=vocab_size, seed=args.seed)
    y = y[..., None].astype("float32")               # (n, length, 1): a label per token
    split = int(0.8 * n)
    model = build(length, vocab_size)
    model.summary()
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="binary_crossentropy",
                  metrics=["binary_accuracy"])
    model.fit(x[:split], y[:split], batch_size=64, epochs=epochs, validation_split=0.1,
              verbose=2)
    accuracy = model.evaluate(x[split:], y[split:], verbose=0)[1]
    baseline = max(y[split:].mean(), 1 - y[split:].mean())
    print(f"per-token test accuracy {accuracy:.4f} (always guessing the majority: {baseline:.4f})")
    print(f"RESULT transformer_classifier accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
