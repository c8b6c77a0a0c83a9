"""Transformer-encoder training throughput: pydeep vs PyTorch (and Keras 3 on
torch) in one run.

    python benchmarks/transformer.py             # seq 64, d 128, 4 heads, batch 32
    python benchmarks/transformer.py --threads 1 --epochs 2 --samples 512

One encoder block without normalization (LayerNormalization is not part of
this comparison): x + MHA(x, x), then x + Dense(d)(Dense(4d, relu)(x)), mean
over time, Dense(1); MSE, Adam. The same block in each library (PyTorch:
nn.MultiheadAttention in an nn.Module loop), thread count pinned for all.
Reported: samples/s (median of the timed epochs after one warm-up) and the
ratio (> 1: pydeep faster).
"""
import argparse
import os
import statistics
import time


def parse():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--samples", type=int, default=2048)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--seq", type=int, default=64)
    p.add_argument("--d", type=int, default=128)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--no-keras", action="store_true")
    return p.parse_args()


def data(args):
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.standard_normal((args.samples, args.seq, args.d), dtype=np.float32)
    y = x[:, :, :2].mean(axis=(1, 2))[:, None].astype(np.float32)
    return x, y


def time_epochs(run_epoch, epochs):
    run_epoch()
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        run_epoch()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def block(L, inp, args, mha):
    """The encoder block with a Keras-like layers module L (pydeep or keras)."""
    x = L.Add()([inp, mha(inp, inp)])
    x = L.Add()([x, L.Dense(args.d)(L.Dense(4 * args.d, activation="relu")(x))])
    return L.Dense(1)(L.GlobalAveragePooling1D()(x) if hasattr(L, "GlobalAveragePooling1D")
                      else L.Flatten()(L.Dense(1)(x)))


def bench_pydeep(x, y, args):
    import pydeep
    from pydeep import layers

    pydeep.config.set_num_threads(args.threads)
    inp = pydeep.Input((args.seq, args.d))
    out = block(layers, inp, args, layers.MultiHeadAttention(args.heads, args.d // args.heads))
    model = pydeep.Model(inp, out)
    model.compile(pydeep.optimizers.Adam(1e-3), "mse")
    return time_epochs(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.epochs)


def bench_keras(x, y, args, pooled):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras
    import torch

    torch.set_num_threads(args.threads)

    class L:  # keras.layers with the same head as pydeep's tree
        Add, Dense, Flatten = keras.layers.Add, keras.layers.Dense, keras.layers.Flatten
    if pooled:
        L.GlobalAveragePooling1D = keras.layers.GlobalAveragePooling1D
    inp = keras.Input((args.seq, args.d))
    out = block(L, inp, args, keras.layers.MultiHeadAttention(args.heads, args.d // args.heads))
    model = keras.Model(inp, out)
    model.compile(keras.optimizers.Adam(1e-3), "mse")
    return time_epochs(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.epochs)


def bench_torch(x, y, args, pooled):
    import torch

    torch.set_num_threads(args.threads)
    d = args.d

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.mha = torch.nn.MultiheadAttention(d, args.heads, batch_first=True)
            self.ff1, self.ff2 = torch.nn.Linear(d, 4 * d), torch.nn.Linear(4 * d, d)
            # the same head as block(): mean over time + Dense(1), or
            # Dense(1) per step + Flatten + Dense(1)
            self.squeeze = torch.nn.Linear(d, 1)
            self.head = torch.nn.Linear(d if pooled else args.seq, 1)

        def forward(self, inp):
            x = inp + self.mha(inp, inp, inp, need_weights=False)[0]
            x = x + self.ff2(torch.relu(self.ff1(x)))
            if pooled:
                return self.head(x.mean(1))
            return self.head(self.squeeze(x).flatten(1))

    model = Net()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)
    n, bs = len(x), args.batch_size

    def epoch():
        perm = torch.randperm(n)
        for i in range(0, n, bs):
            idx = perm[i:i + bs]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(tx[idx]), ty[idx])
            loss.backward()
            opt.step()

    return time_epochs(epoch, args.epochs)


def main():
    args = parse()
    from pydeep import layers

    pooled = hasattr(layers, "GlobalAveragePooling1D")
    x, y = data(args)
    rows = [("pydeep", bench_pydeep(x, y, args)),
            ("PyTorch (nn.MultiheadAttention, nn.Module loop)", bench_torch(x, y, args, pooled))]
    if not args.no_keras:
        try:
            rows.append(("Keras 3 (torch backend)", bench_keras(x, y, args, pooled)))
        except ImportError:
            pass
    base = rows[0][1]
    print(f"\nEncoder block: seq {args.seq}, d {args.d}, {args.heads} heads, batch "
          f"{args.batch_size}, {args.samples} samples, Adam, MSE, {args.threads} thread(s); "
          f"median of {args.epochs} epochs; head: {'mean over time' if pooled else 'Dense(1) + Flatten'}")
    print("| library | epoch (s) | samples/s | pydeep speed-up |")
    print("| --- | ---: | ---: | ---: |")
    for name, t in rows:
        print(f"| {name} | {t:.3f} | {args.samples / t:,.0f} | {t / base:.2f}x |")


if __name__ == "__main__":
    main()
