"""A hand-written training loop: GradientTape, pydeep.ops and Variables.

Trains a 64-128-10 multilayer perceptron on scikit-learn's 8x8 digits (1,797
real images, bundled with scikit-learn, no download) without the Keras model
API, step by step: forward with ops, gradients with GradientTape, SGD updates
with Variable.assign_sub. Every op runs in the C++ core.

    pip install ".[examples]" && python examples/custom_training_loop.py
"""
import argparse
import time

import numpy as np

import pydeep
from pydeep import ops


def load_digits_split(seed):
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)  # pixel intensities 0..16 -> 0..1
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(x))
    x, y = x[order], y[order]
    n_test = len(x) // 5
    return (x[n_test:], y[n_test:]), (x[:n_test], y[:n_test])


def glorot(rng, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    (x_train, y_train), (x_test, y_test) = load_digits_split(args.seed)
    rng = np.random.default_rng(args.seed)
    w1 = pydeep.Variable(glorot(rng, 64, 128), name="w1")
    b1 = pydeep.Variable(np.zeros(128), name="b1")
    w2 = pydeep.Variable(glorot(rng, 128, 10), name="w2")
    b2 = pydeep.Variable(np.zeros(10), name="b2")
    params = [w1, b1, w2, b2]

    def logits(x):
        return ops.matmul(ops.relu(ops.matmul(x, w1) + b1), w2) + b2

    y_train_onehot = np.eye(10, dtype=np.float32)[y_train]
    start = time.perf_counter()
    for epoch in range(args.epochs):
        order = rng.permutation(len(x_train))
        total = 0.0
        for i in range(0, len(order), args.batch_size):
            idx = order[i:i + args.batch_size]
            with pydeep.GradientTape() as tape:
                log_probs = ops.log_softmax(logits(x_train[idx]))
                loss = -ops.mean(ops.sum(log_probs * y_train_onehot[idx], axis=-1))
            grads = tape.gradient(loss, params)
            for p, g in zip(params, grads):
                p.assign_sub(g * args.lr)
            total += float(loss) * len(idx)
        if epoch % 5 == 4 or epoch == args.epochs - 1:
            print(f"epoch {epoch + 1:3d}  loss {total / len(x_train):.4f}")
    elapsed = time.perf_counter() - start

    predictions = np.asarray(ops.argmax(logits(x_test), axis=-1))
    accuracy = float(np.mean(predictions == y_test))
    print(f"trained in {elapsed:.1f} s on {pydeep.config.get_num_threads()} thread(s)")
    print(f"test accuracy {accuracy:.4f} on {len(x_test)} held-out digits")
    print(f"RESULT custom_training_loop accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
