"""MLP training throughput: pydeep vs PyTorch (and Keras 3 on torch) in one run.

    python benchmarks/mlp.py                 # 784-512-512-10, 60k samples, batch 128, Adam
    python benchmarks/mlp.py --threads 1 --epochs 1
    python benchmarks/mlp.py --overhead      # tiny 20-64-64-1 model: per-step and
                                             # one-sample predict overhead, memory growth

Each library trains the same architecture on the same synthetic data (60,000
samples of 784 features, 10 classes) for the same number of epochs, with the
thread count pinned for all. Reported: samples/s (median of the timed epochs
after one warm-up epoch) and the ratio pydeep / peer (> 1: pydeep faster).
"""
import argparse
import os
import resource
import statistics
import sys
import time

from _common import add_keras_row, keras_module, median_time, print_table, torch_epoch


def parse():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=3, help="timed epochs (after one warm-up)")
    p.add_argument("--samples", type=int, default=60000)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--no-keras", action="store_true")
    p.add_argument("--overhead", action="store_true")
    return p.parse_args()


def data(n, d=784, classes=10):
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, d), dtype=np.float32)
    y = rng.integers(0, classes, size=n).astype(np.int64)
    return x, y


def bench_pydeep(x, y, args, sizes=(512, 512), d_out=10):
    import pydeep
    from pydeep import layers

    pydeep.config.set_num_threads(args.threads)
    model = pydeep.Sequential([pydeep.Input((x.shape[1],))] +
                              [layers.Dense(u, activation="relu") for u in sizes] +
                              [layers.Dense(d_out)])
    model.compile(pydeep.optimizers.Adam(1e-3),
                  pydeep.losses.SparseCategoricalCrossentropy(from_logits=True))
    return median_time(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.epochs), model


def bench_torch(x, y, args, sizes=(512, 512), d_out=10):
    import torch

    torch.set_num_threads(args.threads)
    dims = [x.shape[1], *sizes]
    mods = []
    for a, b in zip(dims[:-1], dims[1:]):
        mods += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    model = torch.nn.Sequential(*mods, torch.nn.Linear(dims[-1], d_out))
    return median_time(torch_epoch(model, torch.nn.CrossEntropyLoss(), x, y, args.batch_size),
                       args.epochs)


def bench_keras(x, y, args, sizes=(512, 512), d_out=10):
    keras = keras_module(args.threads)
    model = keras.Sequential([keras.Input((x.shape[1],))] +
                             [keras.layers.Dense(u, activation="relu") for u in sizes] +
                             [keras.layers.Dense(d_out)])
    model.compile(keras.optimizers.Adam(1e-3),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return median_time(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.epochs)


def throughput(args):
    x, y = data(args.samples)
    rows = [("pydeep", bench_pydeep(x, y, args)[0]), ("PyTorch (nn.Module loop)", bench_torch(x, y, args))]
    add_keras_row(rows, args.no_keras, lambda: bench_keras(x, y, args))
    print_table(f"MLP 784-512-512-10, {args.samples} samples, batch {args.batch_size}, Adam, "
                f"{args.threads} thread(s); median of {args.epochs} epochs", rows, args.samples,
                digits=2)


def overhead(args):
    """Tiny model, one thread: per-step cost and predict latency, memory growth."""
    import numpy as np
    import torch

    import pydeep
    from pydeep import layers

    args.threads = 1
    pydeep.config.set_num_threads(1)
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    n, bs = 32 * 200, 32
    x = rng.standard_normal((n, 20), dtype=np.float32)
    y = rng.standard_normal((n, 1), dtype=np.float32)
    model = pydeep.Sequential([pydeep.Input((20,)), layers.Dense(64, activation="relu"),
                               layers.Dense(64, activation="relu"), layers.Dense(1)])
    model.compile(pydeep.optimizers.Adam(1e-3), "mse")
    step_pd = median_time(lambda: model.fit(x, y, batch_size=bs, epochs=1, verbose=0), 5) / (n // bs)

    tm = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64),
                             torch.nn.ReLU(), torch.nn.Linear(64, 1))
    step_torch = median_time(torch_epoch(tm, torch.nn.MSELoss(), x, y, bs), 5) / (n // bs)
    one = x[:1]
    calls = 2000

    def per_call(fn):
        fn()
        samples = []
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(calls):
                fn()
            samples.append((time.perf_counter() - t0) / calls)
        return statistics.median(samples)

    pd_call = per_call(lambda: model(one))
    pd_pob = per_call(lambda: model.predict_on_batch(one))
    with torch.no_grad():
        t_one = torch.from_numpy(one)
        torch_call = per_call(lambda: tm(t_one))
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(10000):
        model.predict(one, verbose=0)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(1000):
        model.fit(x[:bs], y[:bs], batch_size=bs, epochs=1, verbose=0)
    rss2 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("\nTiny MLP 20-64-64-1, batch 32, Adam, 1 thread")
    print("| measure | pydeep | PyTorch |")
    print("| --- | ---: | ---: |")
    print(f"| fit step (µs) | {step_pd * 1e6:.1f} | {step_torch * 1e6:.1f} |")
    print(f"| model(x), 1 sample (µs) | {pd_call * 1e6:.1f} | {torch_call * 1e6:.1f} |")
    print(f"| predict_on_batch, 1 sample (µs) | {pd_pob * 1e6:.1f} | — |")
    print(f"| peak RSS growth over 10,000 predict calls (KiB) | {rss1 - rss0} | — |")
    print(f"| peak RSS growth over 1,000 fit calls (KiB) | {rss2 - rss1} | — |")


if __name__ == "__main__":
    a = parse()
    os.environ.setdefault("OMP_NUM_THREADS", str(a.threads))
    overhead(a) if a.overhead else throughput(a)
    sys.stdout.flush()
