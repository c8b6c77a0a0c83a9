"""Train a digits classifier in Python and save it for a C++ application.

    python examples/save_digits_model.py --out digits.pydeep --inputs digits_test.csv
    examples/cpp/build/classify_digits digits.pydeep digits_test.csv

Trains a small MLP on scikit-learn's 8x8 digits, saves it as one .pydeep file
(architecture, weights, optimizer state, a self-check) and writes held-out
digits as CSV (64 pixel values per line, then the true label), which the C++
app in examples/cpp/ classifies with no Python in its process.
"""
import argparse

import numpy as np

import pydeep as keras


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="digits.pydeep")
    parser.add_argument("--inputs", default="digits_test.csv")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from sklearn.datasets import load_digits

    keras.utils.set_random_seed(args.seed)
    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target
    order = np.random.default_rng(args.seed).permutation(len(x))
    x, y = x[order], y[order]
    n_test = len(x) // 5
    (x_train, y_train), (x_test, y_test) = (x[n_test:], y[n_test:]), (x[:n_test], y[:n_test])

    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ], name="digits")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=args.epochs, verbose=0)
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    model.save(args.out)
    with open(args.inputs, "w") as f:
        for row, label in zip(x_test, y_test):
            f.write(",".join(f"{v:.9g}" for v in row) + f",{label}\n")
    print(f"saved {args.out} and {len(x_test)} test digits to {args.inputs}")
    print(f"RESULT save_digits_model accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
