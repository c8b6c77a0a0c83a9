"""CNN training throughput and convolution speed: pydeep vs PyTorch (and Keras 3
on torch) in one run.

    python benchmarks/cnn.py                    # LeNet-style CNN, 28x28x1, batch 64, Adam
    python benchmarks/cnn.py --threads 1 --steps 50
    python benchmarks/cnn.py --conv-only        # the convolution micro-benchmark alone

Workload (DESIGN.md): Conv2D(32, 3, relu) -> MaxPooling2D(2) -> Conv2D(64, 3,
relu) -> MaxPooling2D(2) -> Flatten -> Dense(128, relu) -> Dense(10), synthetic
28x28x1 data, batch 64, Adam(1e-3), sparse categorical crossentropy from logits.
Every library trains the same number of steps per epoch with the thread count
pinned for all; reported: the median epoch of --repeats after a warm-up epoch,
samples/s and the ratio peer time / pydeep time (> 1: pydeep faster). PyTorch
runs an idiomatic nn.Module loop (NCHW, its default layout).

The micro-benchmark times single convolutions (forward, and forward + both
gradients) at a few shapes and reports GFLOP/s (2 * N * OH * OW * KH * KW * C
* F per pass, 3x that for forward + backward) beside pydeep's GEMM on the same
(N*OH*OW) x (KH*KW*C) x F product and on a square 1024 product, measured in
the same run: the ceilings an im2col convolution can approach.
"""
import argparse
import os
import statistics
import sys
import time

from _common import add_keras_row, keras_module, median_time, print_table, torch_epoch


def parse():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=100, help="training steps per epoch")
    p.add_argument("--repeats", type=int, default=3, help="timed epochs (after one warm-up)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--no-keras", action="store_true")
    p.add_argument("--conv-only", action="store_true")
    return p.parse_args()


def data(n):
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.random((n, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, size=n).astype(np.int64)
    return x, y


def cnn(lib, layers):
    return lib.Sequential([
        lib.Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(10)])


def bench_pydeep(x, y, args):
    import pydeep

    pydeep.config.set_num_threads(args.threads)
    model = cnn(pydeep, pydeep.layers)
    model.compile(pydeep.optimizers.Adam(1e-3),
                  pydeep.losses.SparseCategoricalCrossentropy(from_logits=True))
    return median_time(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.repeats)


def bench_torch(x, y, args):
    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3),
                          nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600, 128),
                          nn.ReLU(), nn.Linear(128, 10))
    nchw = x.transpose(0, 3, 1, 2).copy()  # PyTorch's layout
    return median_time(torch_epoch(model, nn.CrossEntropyLoss(), nchw, y, args.batch_size),
                       args.repeats)


def bench_keras(x, y, args):
    keras = keras_module(args.threads)
    model = cnn(keras, keras.layers)
    model.compile(keras.optimizers.Adam(1e-3),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return median_time(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.repeats)


def throughput(args):
    n = args.steps * args.batch_size
    x, y = data(n)
    rows = [("pydeep", bench_pydeep(x, y, args)),
            ("PyTorch (nn.Module loop)", bench_torch(x, y, args))]
    add_keras_row(rows, args.no_keras, lambda: bench_keras(x, y, args))
    print_table(f"CNN 28x28x1: Conv32-Pool-Conv64-Pool-Dense128-Dense10, batch "
                f"{args.batch_size}, Adam, {args.threads} thread(s); {args.steps} steps per "
                f"epoch, median of {args.repeats} epochs", rows, n)


def _best(fn, repeats=5, min_s=0.05):
    """Median seconds per call over `repeats` samples, each >= min_s long."""
    fn()
    t0 = time.perf_counter()
    fn()
    calls = max(1, int(min_s / max(time.perf_counter() - t0, 1e-7)))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - t0) / calls)
    return statistics.median(samples)


def conv_micro(args):
    import numpy as np
    import torch

    import pydeep
    from pydeep import ops

    pydeep.config.set_num_threads(args.threads)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    # (batch, H, W, C, filters, kernel, padding): the CNN's second conv, a
    # first conv on one channel, a mid-size same-padded one, a pointwise one.
    shapes = [(64, 13, 13, 32, 64, 3, "valid"), (64, 28, 28, 1, 32, 3, "valid"),
              (16, 32, 32, 64, 64, 3, "same"), (16, 28, 28, 128, 64, 1, "valid")]
    sq = rng.standard_normal((1024, 1024), dtype=np.float32)
    peak = 2 * 1024 ** 3 / _best(lambda: ops.matmul(sq, sq)) / 1e9
    print(f"\nConvolution micro-benchmark, {args.threads} thread(s); pydeep GEMM ceiling "
          f"(1024^3, same run): {peak:.1f} GFLOP/s")
    print("| N,H,W,C -> F, k, padding | pydeep fwd | PyTorch fwd | pydeep fwd+bwd | "
          "PyTorch fwd+bwd | pydeep GEMM, same product |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for n, h, w, c, f, k, pad in shapes:
        x = rng.standard_normal((n, h, w, c), dtype=np.float32)
        kern = rng.standard_normal((k, k, c, f), dtype=np.float32) * 0.1
        oh, ow = (h - k + 1, w - k + 1) if pad == "valid" else (h, w)
        flop = 2.0 * n * oh * ow * k * k * c * f
        xt, kt = pydeep.ops.convert_to_tensor(x), pydeep.Variable(kern)

        def pd_fwd_bwd():
            with pydeep.GradientTape() as tape:
                tape.watch(xt)
                out = ops.conv(xt, kt, 1, pad)
            tape.gradient(out, [xt, kt], output_gradients=out)
        pd_f = flop / _best(lambda: ops.conv(xt, kt, 1, pad)) / 1e9
        pd_fb = 3 * flop / _best(pd_fwd_bwd) / 1e9
        tx = torch.from_numpy(x.transpose(0, 3, 1, 2).copy()).requires_grad_(True)
        tk = torch.from_numpy(kern.transpose(3, 2, 0, 1).copy()).requires_grad_(True)
        tpad = 0 if pad == "valid" else k // 2
        with torch.no_grad():
            t_f = flop / _best(lambda: torch.nn.functional.conv2d(tx, tk, padding=tpad)) / 1e9

        def t_fwd_bwd():
            out = torch.nn.functional.conv2d(tx, tk, padding=tpad)
            out.backward(out)
            tx.grad = tk.grad = None
        t_fb = 3 * flop / _best(t_fwd_bwd) / 1e9
        a = rng.standard_normal((n * oh * ow, k * k * c), dtype=np.float32)
        b = rng.standard_normal((k * k * c, f), dtype=np.float32)
        g = flop / _best(lambda: ops.matmul(a, b)) / 1e9
        print(f"| {n},{h},{w},{c} -> {f}, {k}x{k}, {pad} | {pd_f:.1f} | {t_f:.1f} | {pd_fb:.1f} | "
              f"{t_fb:.1f} | {g:.1f} |")
    print("(GFLOP/s; higher is better)")


if __name__ == "__main__":
    a = parse()
    os.environ.setdefault("OMP_NUM_THREADS", str(a.threads))
    if not a.conv_only:
        throughput(a)
    conv_micro(a)
    sys.stdout.flush()
