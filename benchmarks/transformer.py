"""Transformer-encoder training throughput: pydeep vs PyTorch (and Keras 3 on
torch) in one run.

    python benchmarks/transformer.py             # seq 64, d 128, 4 heads, batch 32
    python benchmarks/transformer.py --threads 1 --epochs 2 --samples 512

One encoder block without normalization: x + MHA(x, x), then
x + Dense(d)(Dense(4d, relu)(x)), mean over time, Dense(1); MSE, Adam. The same block in each library (PyTorch:
nn.MultiheadAttention in an nn.Module loop), thread count pinned for all.
Reported: samples/s (median of the timed epochs after one warm-up) and the
ratio (> 1: pydeep faster).
"""
import argparse

from _common import add_keras_row, keras_module, median_time, print_table, torch_epoch


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


def block(L, inp, args, mha):
    """The encoder block with a Keras-like layers module L (pydeep or keras)."""
    x = L.Add()([inp, mha(inp, inp)])
    x = L.Add()([x, L.Dense(args.d)(L.Dense(4 * args.d, activation="relu")(x))])
    return L.Dense(1)(L.GlobalAveragePooling1D()(x))


def bench_pydeep(x, y, args):
    import pydeep
    from pydeep import layers

    pydeep.config.set_num_threads(args.threads)
    inp = pydeep.Input((args.seq, args.d))
    out = block(layers, inp, args, layers.MultiHeadAttention(args.heads, args.d // args.heads))
    model = pydeep.Model(inp, out)
    model.compile(pydeep.optimizers.Adam(1e-3), "mse")
    return median_time(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.epochs)


def bench_keras(x, y, args):
    keras = keras_module(args.threads)
    inp = keras.Input((args.seq, args.d))
    out = block(keras.layers, inp, args, keras.layers.MultiHeadAttention(args.heads, args.d // args.heads))
    model = keras.Model(inp, out)
    model.compile(keras.optimizers.Adam(1e-3), "mse")
    return median_time(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.epochs)


def bench_torch(x, y, args):
    import torch

    torch.set_num_threads(args.threads)
    d = args.d

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.mha = torch.nn.MultiheadAttention(d, args.heads, batch_first=True)
            self.ff1, self.ff2 = torch.nn.Linear(d, 4 * d), torch.nn.Linear(4 * d, d)
            self.head = torch.nn.Linear(d, 1)  # block()'s head: mean over time, Dense(1)

        def forward(self, inp):
            x = inp + self.mha(inp, inp, inp, need_weights=False)[0]
            x = x + self.ff2(torch.relu(self.ff1(x)))
            return self.head(x.mean(1))

    return median_time(torch_epoch(Net(), torch.nn.MSELoss(), x, y, args.batch_size),
                       args.epochs)


def main():
    args = parse()
    x, y = data(args)
    rows = [("pydeep", bench_pydeep(x, y, args)),
            ("PyTorch (nn.MultiheadAttention, nn.Module loop)", bench_torch(x, y, args))]
    add_keras_row(rows, args.no_keras, lambda: bench_keras(x, y, args))
    print_table(f"Encoder block: seq {args.seq}, d {args.d}, {args.heads} heads, batch "
                f"{args.batch_size}, {args.samples} samples, Adam, MSE, {args.threads} "
                f"thread(s); median of {args.epochs} epochs; head: mean over time", rows,
                args.samples)


if __name__ == "__main__":
    main()
