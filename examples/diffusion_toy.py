"""A denoising diffusion model (DDPM) on 2-D points, sampling included.

    python examples/diffusion_toy.py [--smoke]

Diffusion (Ho et al., 2020) in three parts:

* forward process: over T steps, Gaussian noise gradually turns data into
  pure noise; in closed form ``x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps``;
* training: a network sees ``x_t`` and ``t`` and predicts the noise ``eps``
  (mean squared error). Every batch is freshly noised by a ``PyDataset``, so
  plain ``fit`` trains it;
* sampling: start from pure noise and walk back from t = T-1 to 0, removing
  the predicted noise a step at a time (``predict_on_batch`` per step).

The data are two interleaving moons (``pydeep.datasets.synthetic.two_moons``).
The result is the chamfer distance between generated and real points (small
when the samples lie on the moons and cover them), next to the same distance
for a second real sample (the floor) and for pure noise.
"""
import argparse
import time

import numpy as np

import pydeep as keras
from pydeep import layers

T = 100
BETAS = np.linspace(1e-3, 0.1, T)       # noise added at each step
ALPHAS = 1.0 - BETAS
ALPHA_BARS = np.cumprod(ALPHAS)          # signal left after t+1 steps (abar_T ~ 0.006)
EMBED = 16


def time_embedding(t):
    """Sinusoidal features of the step t (int array) -> (len(t), EMBED) float32."""
    freqs = np.exp(np.linspace(0.0, np.log(100.0), EMBED // 2))
    angles = (t[:, None] / T) * freqs[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype("float32")


class NoisedBatches(keras.utils.PyDataset):
    """Batch i: ([x_t, embedding(t)], eps) for random t and fresh noise eps."""

    def __init__(self, data, batch_size, seed, **kwargs):
        super().__init__(**kwargs)
        self.data, self.batch_size = data, batch_size
        self.rng = np.random.default_rng(seed)

    def __len__(self):
        return len(self.data) // self.batch_size

    def __getitem__(self, index):
        x0 = self.data[self.rng.integers(0, len(self.data), self.batch_size)]
        t = self.rng.integers(0, T, self.batch_size)
        eps = self.rng.normal(size=x0.shape)
        abar = ALPHA_BARS[t][:, None]
        xt = np.sqrt(abar) * x0 + np.sqrt(1.0 - abar) * eps
        return [xt.astype("float32"), time_embedding(t)], eps.astype("float32")


def build_denoiser():
    x = keras.Input((2,), name="x_t")
    t = keras.Input((EMBED,), name="t_embedding")
    h = layers.Concatenate()([x, t])
    for _ in range(3):
        h = layers.Dense(128, activation="silu")(h)
    return keras.Model([x, t], layers.Dense(2, name="predicted_noise")(h), name="denoiser")


def sample(model, n, rng):
    """Ancestral sampling, from t = T-1 down to 0:
    x_{t-1} = (x_t - beta_t / sqrt(1 - abar_t) * eps_hat) / sqrt(alpha_t) + sqrt(beta_t) * z."""
    x = rng.normal(size=(n, 2)).astype("float32")
    for t in range(T - 1, -1, -1):
        steps = np.full(n, t)
        eps_hat = np.asarray(model.predict_on_batch([x, time_embedding(steps)]))
        x = (x - BETAS[t] / np.sqrt(1.0 - ALPHA_BARS[t]) * eps_hat) / np.sqrt(ALPHAS[t])
        if t > 0:
            x = x + np.sqrt(BETAS[t]) * rng.normal(size=x.shape)
        x = x.astype("float32")
    return x


def chamfer_distance(a, b):
    """Mean distance from each point of a to its nearest in b, and from b to a, averaged:
    small only when a lies on b (precision) and covers it (recall)."""
    d = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=-1)
    return float(0.5 * (d.min(axis=1).mean() + d.min(axis=0).mean()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a short run, for the test suite")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    epochs = args.epochs or (40 if args.smoke else 150)

    keras.utils.set_random_seed(args.seed)
    data, _ = keras.datasets.synthetic.two_moons(8192, noise=0.05, seed=args.seed)
    data = (data - data.mean(axis=0)) / data.std(axis=0)   # unit scale, like the noise

    model = build_denoiser()
    model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="mse")
    start = time.perf_counter()
    history = model.fit(NoisedBatches(data, 128, args.seed), epochs=epochs, verbose=0)
    elapsed = time.perf_counter() - start
    print(f"trained {epochs} epochs in {elapsed:.1f} s; noise-prediction mse "
          f"{history.history['loss'][0]:.4f} -> {history.history['loss'][-1]:.4f}")

    rng = np.random.default_rng(args.seed + 1)
    start = time.perf_counter()
    generated = sample(model, 1000, rng)
    print(f"sampled 1000 points in {T} denoising steps in {time.perf_counter() - start:.1f} s")
    # References: a second real sample (the best achievable) and pure noise.
    real = data[:1000]
    floor = chamfer_distance(data[1000:2000], real)
    noise = chamfer_distance(rng.normal(size=(1000, 2)), real)
    distance = chamfer_distance(generated, real)
    print(f"chamfer distance to 1000 real points: generated {distance:.4f}; another real "
          f"sample {floor:.4f}; pure noise {noise:.4f}")
    print(f"RESULT diffusion_toy chamfer_distance {distance:.4f}")


if __name__ == "__main__":
    main()
