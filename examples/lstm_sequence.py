"""Recurrent networks on a sequence task: LSTM, GRU and a Bidirectional LSTM.

    python examples/lstm_sequence.py [--smoke]

Each model reads sequences of random numbers and predicts their sum — a task a
network can only solve by carrying a running total through time. The three
recurrent layers run as one fused C++ recurrence per call (the input
projection for all steps in one GEMM, then one recurrent GEMM per step), with
Keras's weight layouts. The score is the test mean squared error relative to
the variance of the targets (1.0 = predicting the mean; lower is better).
"""
import argparse
import time

import numpy as np

import pydeep as keras
from pydeep import layers


def build(kind, length, units=32):
    recurrent = {
        "lstm": lambda: layers.LSTM(units),
        "gru": lambda: layers.GRU(units),
        "bidirectional_lstm": lambda: layers.Bidirectional(layers.LSTM(units // 2)),
    }[kind]
    return keras.Sequential([
        keras.Input(shape=(length, 1)),
        recurrent(),                        # (batch, length, 1) -> (batch, units)
        layers.Dense(1),                    # the predicted sum
    ], name=kind)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="fewer samples and epochs")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n, epochs, length = (2000, 15, 10) if args.smoke else (8000, 30, 20)

    keras.utils.set_random_seed(args.seed)
    x, y = keras.datasets.synthetic.sequence_sum(n, length=length, seed=args.seed)
    y = (y - y.mean()) / y.std()   # standardized targets: the score is then the MSE itself
    split = int(0.8 * n)
    (x_train, y_train), (x_test, y_test) = (x[:split], y[:split]), (x[split:], y[split:])
    variance = float(np.var(y_test))

    scores = {}
    for kind in ("lstm", "gru", "bidirectional_lstm"):
        model = build(kind, length)
        model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="mse")
        start = time.perf_counter()
        model.fit(x_train, y_train, batch_size=64, epochs=epochs, verbose=0)
        elapsed = time.perf_counter() - start
        scores[kind] = model.evaluate(x_test, y_test, verbose=0) / variance
        print(f"{kind:>20}: relative test MSE {scores[kind]:.4f} "
              f"({model.count_params()} parameters, {elapsed:.1f} s)")
    worst = max(scores.values())
    print(f"RESULT lstm_sequence worst_relative_mse {worst:.4f}")


if __name__ == "__main__":
    main()
