"""Cost of one layer written in Python inside a pydeep model.

    python benchmarks/python_layer.py [--threads 1] [--steps 3000]

The tiny MLP of the overhead benchmark (20-64-64-1, batch 32, Adam) is
trained with `fit` three ways in one run: built-in layers only; with an
identity layer written in Python (a `Layer` subclass whose `call` returns its
input) between the hidden layers; and with a `Lambda` doing that layer's ReLU
through `pydeep.ops` instead of the built-in activation. Reported: the median
time per training step (forward, backward, update) and the extra time per
step over the built-in model — the price of re-entering Python under the GIL
for that layer on every batch. Prediction of one sample is timed the same way.
"""
import argparse
import statistics
import time

import numpy as np


def parse():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=3000, help="training steps per timed repeat")
    p.add_argument("--repeats", type=int, default=5)
    return p.parse_args()


def build(kind):
    import pydeep
    from pydeep import layers, ops

    class PassThrough(layers.Layer):
        def call(self, x):
            return x

    pydeep.utils.set_random_seed(0)
    middle = {
        "built-in": [layers.Dense(64, activation="relu")],
        "python identity layer": [layers.Dense(64, activation="relu"), PassThrough()],
        "Lambda relu": [layers.Dense(64), layers.Lambda(lambda t: ops.relu(t))],
    }[kind]
    model = pydeep.Sequential([pydeep.Input((20,)), layers.Dense(64, activation="relu"),
                               *middle, layers.Dense(1)])
    model.compile(pydeep.optimizers.Adam(1e-3), "mse")
    return model


def main():
    import pydeep

    args = parse()
    pydeep.config.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    n = 32 * args.steps
    x = rng.standard_normal((n, 20), dtype=np.float32)
    y = rng.standard_normal((n, 1), dtype=np.float32)
    one = x[:1]
    results = {}
    for kind in ("built-in", "python identity layer", "Lambda relu"):
        model = build(kind)
        model.fit(x[:3200], y[:3200], batch_size=32, epochs=1, verbose=0)  # warm-up
        steps, predicts = [], []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            model.fit(x, y, batch_size=32, epochs=1, shuffle=False, verbose=0)
            steps.append((time.perf_counter() - t0) / args.steps * 1e6)
            t0 = time.perf_counter()
            for _ in range(2000):
                model.predict_on_batch(one)
            predicts.append((time.perf_counter() - t0) / 2000 * 1e6)
        results[kind] = (statistics.median(steps), statistics.median(predicts))
    base_step, base_pred = results["built-in"]
    print(f"threads={args.threads}, batch 32, {args.steps} steps x {args.repeats} repeats "
          "(medians)")
    print(f"{'model':<24}{'fit step (us)':>15}{'extra':>10}{'predict 1 (us)':>17}{'extra':>10}")
    for kind, (step, pred) in results.items():
        print(f"{kind:<24}{step:>15.1f}{step - base_step:>10.1f}{pred:>17.1f}"
              f"{pred - base_pred:>10.1f}")


if __name__ == "__main__":
    main()
