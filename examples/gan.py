"""A generative adversarial network (GAN) with a custom train_step, on a 2-D target.

    python examples/gan.py [--smoke]

Two networks play a game: the generator turns noise into points, the
discriminator tells real points from generated ones. ``GAN.train_step``
overrides what one ``fit`` step does: update the discriminator on a batch of
real and fake points, then update the generator to fool the (frozen)
discriminator. ``fit`` still drives the loop, the progress logs and callbacks.

The target is 8 Gaussians on a circle (``pydeep.datasets.synthetic``), the
classic test of mode collapse: a generator that produces only a few of the
clusters has collapsed. The result reports how many of the 8 modes the
generator covers and what share of its points land near one.
"""
import argparse
import time

import numpy as np

import pydeep as keras
from pydeep import layers, ops

NOISE = 8
MODES, RADIUS, STD = 8, 2.0, 0.1


class GAN(keras.Model):
    def __init__(self, generator, discriminator, **kwargs):
        super().__init__(**kwargs)
        self.generator = generator
        self.discriminator = discriminator
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")

    def call(self, points, training=False):
        # Like Keras 3, fit builds a subclassed model by calling it on a batch
        # of what it is given -- real points here -- so call() takes points and
        # returns the discriminator's logits. Generate with self.generator.
        return self.discriminator(points, training=training)

    def compile(self, d_optimizer, g_optimizer):
        # fit needs a compiled model; the two optimizers below do the work.
        super().compile(optimizer=g_optimizer)
        self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer
        self.bce = keras.losses.BinaryCrossentropy(from_logits=True)

    @property
    def metrics(self):
        # Listed here, the trackers are reset by fit at the start of each epoch.
        return [self.d_loss_tracker, self.g_loss_tracker]

    def train_step(self, real):
        n = ops.shape(real)[0]
        # 1. Discriminator: real points are labelled 1, generated ones 0.
        fake = self.generator(keras.random.normal((n, NOISE)))
        points = ops.concatenate([real, fake], axis=0)
        labels = ops.concatenate([ops.ones((n, 1)), ops.zeros((n, 1))], axis=0)
        with keras.GradientTape() as tape:
            d_loss = self.bce(labels, self.discriminator(points, training=True))
        d_weights = self.discriminator.trainable_weights
        self.d_optimizer.apply_gradients(zip(tape.gradient(d_loss, d_weights), d_weights))

        # 2. Generator: make the discriminator say "real" (1) for new fakes.
        # Only the generator's weights get gradients, so the discriminator is
        # unchanged by this step.
        z = keras.random.normal((n, NOISE))
        with keras.GradientTape() as tape:
            fake = self.generator(z, training=True)
            g_loss = self.bce(ops.ones((n, 1)), self.discriminator(fake))
        g_weights = self.generator.trainable_weights
        self.g_optimizer.apply_gradients(zip(tape.gradient(g_loss, g_weights), g_weights))

        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        return {"d_loss": self.d_loss_tracker.result(), "g_loss": self.g_loss_tracker.result()}


def mlp(inputs, outputs, name):
    return keras.Sequential([keras.Input((inputs,)), layers.Dense(128, activation="relu"),
                             layers.Dense(128, activation="relu"), layers.Dense(outputs)],
                            name=name)


def mode_report(points):
    """(modes covered, share of points within 4 std of a mode centre)."""
    angles = 2 * np.pi * np.arange(MODES) / MODES
    centres = RADIUS * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    distance = np.linalg.norm(points[:, None, :] - centres[None], axis=-1)
    nearest, close = distance.argmin(axis=1), distance.min(axis=1) < 4 * STD
    counts = np.bincount(nearest[close], minlength=MODES)
    # A mode counts as covered when it gets at least a quarter of its fair share.
    return int(np.sum(counts >= 0.25 * len(points) / MODES)), float(close.mean()), counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a short run, for the test suite")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    epochs = args.epochs or (15 if args.smoke else 60)

    keras.utils.set_random_seed(args.seed)
    real, _ = keras.datasets.synthetic.gaussian_mixture_2d(
        8192, n_components=MODES, radius=RADIUS, std=STD, seed=args.seed)

    gan = GAN(mlp(NOISE, 2, "generator"), mlp(2, 1, "discriminator"))
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
                g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5))
    start = time.perf_counter()
    history = gan.fit(real, batch_size=128, epochs=epochs, verbose=0)
    elapsed = time.perf_counter() - start
    print(f"trained {epochs} epochs ({epochs * len(real) // 128} steps) in {elapsed:.1f} s; "
          f"d_loss {history.history['d_loss'][-1]:.3f}, g_loss {history.history['g_loss'][-1]:.3f}")

    z = np.random.default_rng(args.seed + 1).normal(size=(4000, NOISE)).astype("float32")
    covered, quality, counts = mode_report(gan.generator.predict(z, verbose=0))
    print(f"generated points per mode (within 4 std): {counts.tolist()}")
    print(f"modes covered {covered}/{MODES}; {quality:.1%} of the points lie near a mode")
    print(f"RESULT gan modes_covered {covered}")


if __name__ == "__main__":
    main()
