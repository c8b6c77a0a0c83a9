"""Regularization compared: dropout, L2, BatchNormalization and early stopping.

    pip install ".[examples]" && python examples/regularization.py [--smoke] [--plots DIR]

An overfitting setup on purpose: a wide two-layer MLP (about 300k weights)
and only 300 training digits (scikit-learn's 8x8 digits,
``pydeep.datasets.digits``), trained for long. Unregularized, it memorises the
training set and its validation loss climbs back up. Each variant changes one
thing:

* dropout: ``Dropout(0.5)`` after each hidden layer;
* L2: ``kernel_regularizer=regularizers.L2(1e-3)`` on every Dense kernel;
* batchnorm: ``BatchNormalization`` after each hidden Dense;
* early stopping: the baseline with ``EarlyStopping(restore_best_weights=True)``.

A table compares the final training and validation loss and the test
accuracy; with matplotlib installed, ``pydeep.utils.plot_history`` draws each
run's curves into ``--plots`` (one PNG per variant).
"""
import argparse
import importlib.util
import os
import time

import numpy as np

import pydeep as keras
from pydeep import layers, regularizers

WIDTH = 512


def build(variant):
    reg = regularizers.L2(1e-3) if variant == "l2" else None
    model = keras.Sequential([keras.Input((64,))], name=variant)
    for _ in range(2):
        model.add(layers.Dense(WIDTH, activation=None if variant == "batchnorm" else "relu",
                               kernel_regularizer=reg))
        if variant == "batchnorm":
            # Normalise the pre-activations, then apply the non-linearity.
            model.add(layers.BatchNormalization())
            model.add(layers.Activation("relu"))
        if variant == "dropout":
            model.add(layers.Dropout(0.5))
    model.add(layers.Dense(10, activation="softmax", kernel_regularizer=reg))
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="fewer epochs, for the test suite")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--plots", default="regularization_plots",
                        help="folder for the plot_history pictures")
    parser.add_argument("--label-noise", type=float, default=0.25,
                        help="share of training labels replaced by random ones")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    epochs = args.epochs or (40 if args.smoke else 150)

    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data(seed=args.seed)
    x_train, x_test = x_train.reshape(-1, 64), x_test.reshape(-1, 64)
    # 300 training images, 300 for validation: small enough to overfit. A
    # quarter of the training labels are replaced by random ones: a network
    # that memorises them has learned noise, which the held-out sets expose.
    x_val, y_val = x_train[300:600], y_train[300:600]
    x_train, y_train = x_train[:300], y_train[:300].copy()
    rng = np.random.default_rng(args.seed)
    noisy = rng.random(len(y_train)) < args.label_noise
    y_train[noisy] = rng.integers(0, 10, noisy.sum())

    plots = importlib.util.find_spec("matplotlib") is not None
    if plots:
        os.makedirs(args.plots, exist_ok=True)
    else:
        print("matplotlib is not installed: no plots (pip install \"pydeep[plot]\")")

    rows = []
    start = time.perf_counter()
    for variant in ("none", "dropout", "l2", "batchnorm", "early_stopping"):
        keras.utils.set_random_seed(args.seed)     # the same initial weights for each
        model = build(variant)
        callbacks = []
        if variant == "early_stopping":
            callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=10,
                                                       restore_best_weights=True)]
        history = model.fit(x_train, y_train, batch_size=32, epochs=epochs, verbose=0,
                            validation_data=(x_val, y_val), callbacks=callbacks)
        # Test cross-entropy from the predictions: the data term alone (the
        # losses fit reports include the L2 penalty, which would skew the comparison).
        p = model.predict(x_test, verbose=0)
        test_loss = float(-np.mean(np.log(np.clip(p[np.arange(len(y_test)), y_test], 1e-7, 1))))
        test_accuracy = float(np.mean(p.argmax(axis=1) == y_test))
        train_accuracy = float(np.mean(model.predict(x_train, verbose=0).argmax(1) == y_train))
        rows.append((variant, len(history.epoch), train_accuracy, test_loss, test_accuracy))
        if plots:
            keras.utils.plot_history(history, os.path.join(args.plots, f"{variant}.png"),
                                     title=f"regularization: {variant}")
    elapsed = time.perf_counter() - start

    print(f"{'variant':<16}{'epochs':>7}{'train acc':>11}{'test loss':>11}{'test acc':>10}")
    for variant, n, train_accuracy, test_loss, test_accuracy in rows:
        print(f"{variant:<16}{n:>7}{train_accuracy:>11.4f}{test_loss:>11.4f}"
              f"{test_accuracy:>10.4f}")
    if plots:
        print(f"curves written to {os.path.abspath(args.plots)}/<variant>.png")
    print(f"5 runs in {elapsed:.1f} s")
    # The unregularized test loss over the best regularized one: above 1 means
    # regularization paid off.
    best = min(r[3] for r in rows[1:])
    print(f"RESULT regularization test_loss_ratio {rows[0][3] / best:.4f}")


if __name__ == "__main__":
    main()
