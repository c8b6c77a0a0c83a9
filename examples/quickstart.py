"""Quickstart: a Keras-style classifier of real handwritten digits.

    pip install ".[examples]" && python examples/quickstart.py

Builds a multilayer perceptron with the Keras 3 API (``import pydeep as keras``
works the same way), trains it on scikit-learn's 8x8 digits (1,797 real
images, bundled with scikit-learn, no download) with a validation split and a
progress bar, then evaluates it on held-out digits. The training loop runs in
C++.
"""
import argparse

import numpy as np

import pydeep as keras


def load_digits_split(seed):
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")  # pixel intensities 0..16 -> 0..1
    y = digits.target
    order = np.random.default_rng(seed).permutation(len(x))
    x, y = x[order], y[order]
    n_test = len(x) // 5
    return (x[n_test:], y[n_test:]), (x[:n_test], y[:n_test])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verbose", type=int, default=1)
    args = parser.parse_args()

    keras.utils.set_random_seed(args.seed)
    (x_train, y_train), (x_test, y_test) = load_digits_split(args.seed)

    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.summary()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, batch_size=32, epochs=args.epochs,
                        validation_split=0.1, verbose=args.verbose)

    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    predictions = model.predict(x_test[:5], verbose=0).argmax(axis=-1)
    print(f"val_accuracy after the last epoch: {history.history['val_accuracy'][-1]:.4f}")
    print(f"test loss {loss:.4f}, test accuracy {accuracy:.4f} on {len(x_test)} held-out digits")
    print(f"first test digits {y_test[:5].tolist()}, predicted {predictions.tolist()}")
    print(f"RESULT quickstart accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
