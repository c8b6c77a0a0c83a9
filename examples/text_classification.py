"""Text classification with Embedding, masking and an LSTM.

    python examples/text_classification.py [--smoke]

Reviews are variable-length token sequences padded with 0 at the end
(``pydeep.datasets.synthetic.token_sentiment``: tokens 1-9 are "positive",
10-19 "negative", the rest neutral). ``Embedding(mask_zero=True)`` marks the
padding, and the LSTM carries its state across padded steps instead of
reading them, as in Keras. A second model reads the padding as ordinary
tokens, for comparison (on this task it learns to ignore the zeros too).
"""
import argparse

import pydeep as keras
from pydeep import layers


def build(vocab_size, max_length, mask_zero):
    return keras.Sequential([
        keras.Input(shape=(max_length,), dtype="int32"),
        layers.Embedding(vocab_size, 16, mask_zero=mask_zero),   # (batch, len) -> (batch, len, 16)
        layers.LSTM(32),                                          # masked steps are skipped
        layers.Dense(1, activation="sigmoid"),
    ])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="fewer samples and epochs")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n, epochs = (2000, 6) if args.smoke else (8000, 15)
    vocab_size, max_length = 50, 30

    keras.utils.set_random_seed(args.seed)
    x, y = keras.datasets.synthetic.token_sentiment(n, max_length=max_length,
                                                     vocab_size=vocab_size, seed=args.seed)
    split = int(0.8 * n)
    results = {}
    for mask_zero in (True, False):
        model = build(vocab_size, max_length, mask_zero)
        model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="binary_crossentropy",
                      metrics=["accuracy"])
        model.fit(x[:split], y[:split], batch_size=64, epochs=epochs, validation_split=0.1,
                  verbose=0)
        results[mask_zero] = model.evaluate(x[split:], y[split:], verbose=0)[1]
        print(f"mask_zero={mask_zero}: test accuracy {results[mask_zero]:.4f}")
    print(f"RESULT text_classification accuracy {results[True]:.4f}")


if __name__ == "__main__":
    main()
