"""LSTM training throughput: pydeep vs PyTorch (and Keras 3 on torch) in one run.

    python benchmarks/lstm.py                    # LSTM(128) on 50x32 sequences, batch 64, MSE
    python benchmarks/lstm.py --threads 1 --epochs 2 --samples 1024

Each library trains LSTM(128) -> Dense(1) with Adam on the same synthetic
sequences (timesteps 50, features 32) for the same epochs, thread count
pinned for all. pydeep's layer is one fused recurrence op per call (BPTT in
C++); PyTorch uses nn.LSTM (its native fused CPU kernel) in an idiomatic
nn.Module loop. Reported: samples/s (median of the timed epochs after one
warm-up epoch) and the ratio (> 1: pydeep faster).
"""
import argparse

from _common import add_keras_row, keras_module, median_time, print_table, torch_epoch


def parse():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=3, help="timed epochs (after one warm-up)")
    p.add_argument("--samples", type=int, default=4096)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--units", type=int, default=128)
    p.add_argument("--no-keras", action="store_true")
    return p.parse_args()


def data(n, t=50, f=32):
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, t, f), dtype=np.float32)
    y = x[:, :, :4].mean(axis=(1, 2))[:, None].astype(np.float32)
    return x, y


def bench_pydeep(x, y, args):
    import pydeep
    from pydeep import layers

    pydeep.config.set_num_threads(args.threads)
    model = pydeep.Sequential([pydeep.Input(x.shape[1:]), layers.LSTM(args.units),
                               layers.Dense(1)])
    model.compile(pydeep.optimizers.Adam(1e-3), "mse")
    return median_time(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.epochs)


def bench_torch(x, y, args):
    import torch

    torch.set_num_threads(args.threads)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.LSTM(x.shape[2], args.units, batch_first=True)
            self.head = torch.nn.Linear(args.units, 1)

        def forward(self, inp):
            _, (h, _) = self.lstm(inp)
            return self.head(h[-1])

    return median_time(torch_epoch(Net(), torch.nn.MSELoss(), x, y, args.batch_size),
                       args.epochs)


def bench_keras(x, y, args):
    keras = keras_module(args.threads)
    model = keras.Sequential([keras.Input(x.shape[1:]), keras.layers.LSTM(args.units),
                              keras.layers.Dense(1)])
    model.compile(keras.optimizers.Adam(1e-3), "mse")
    return median_time(lambda: model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0),
                       args.epochs)


def main():
    args = parse()
    x, y = data(args.samples)
    rows = [("pydeep", bench_pydeep(x, y, args)),
            ("PyTorch (nn.LSTM, nn.Module loop)", bench_torch(x, y, args))]
    add_keras_row(rows, args.no_keras, lambda: bench_keras(x, y, args))
    print_table(f"LSTM({args.units}) on 50x32 sequences, {args.samples} samples, batch "
                f"{args.batch_size}, Adam, MSE, {args.threads} thread(s); median of "
                f"{args.epochs} epochs", rows, args.samples)


if __name__ == "__main__":
    main()
