"""A variational autoencoder (VAE): a custom sampling layer and a KL loss via add_loss.

    pip install ".[examples]" && python examples/vae.py [--smoke]

The encoder maps an image to a Gaussian over a 2-D latent space (a mean and a
log-variance); a custom ``Sampling`` layer draws ``z = mean + sigma * eps``
(the reparameterisation trick, so gradients flow through mean and sigma) and
adds the KL divergence from the unit Gaussian with ``add_loss``; the decoder
rebuilds the image from z. Compiled with a reconstruction loss only: fit adds
the layer's KL term to it. Afterwards the decoder alone turns draws from the
unit Gaussian into new digit-like images. Trained on scikit-learn's 8x8
digits (``pydeep.datasets.digits``).
"""
import argparse
import time

import numpy as np

import pydeep as keras
from pydeep import layers, ops

LATENT = 2


class Sampling(layers.Layer):
    """(mean, log_var) -> z ~ N(mean, exp(log_var)), adding KL(q(z|x) || N(0, I)) as a loss."""

    def __init__(self, kl_weight=1.0, **kwargs):
        super().__init__(**kwargs)
        self.kl_weight = kl_weight

    def call(self, inputs):
        mean, log_var = inputs
        # Closed-form KL between N(mean, var) and N(0, 1), summed over the
        # latent dimensions and averaged over the batch.
        kl = -0.5 * ops.mean(ops.sum(1.0 + log_var - ops.square(mean) - ops.exp(log_var),
                                     axis=-1))
        self.add_loss(self.kl_weight * kl)
        epsilon = keras.random.normal(ops.shape(mean))
        return mean + ops.exp(0.5 * log_var) * epsilon

    def get_config(self):
        return {**super().get_config(), "kl_weight": self.kl_weight}


def build_vae():
    inputs = keras.Input((64,))
    h = layers.Dense(64, activation="relu")(inputs)
    h = layers.Dense(32, activation="relu")(h)
    mean = layers.Dense(LATENT, name="z_mean")(h)
    log_var = layers.Dense(LATENT, name="z_log_var")(h)
    # binary_crossentropy averages over the 64 pixels; the ELBO sums them, so
    # the KL term is divided by 64 to keep the two in the ELBO's proportion.
    z = Sampling(kl_weight=1.0 / 64, name="sampling")([mean, log_var])
    decoder = keras.Sequential([keras.Input((LATENT,)), layers.Dense(32, activation="relu"),
                                layers.Dense(64, activation="relu"),
                                layers.Dense(64, activation="sigmoid")], name="decoder")
    vae = keras.Model(inputs, decoder(z), name="vae")
    encoder = keras.Model(inputs, mean, name="encoder")
    return vae, encoder, decoder


def ascii_image(pixels):
    shades = " .:-=+*#%@"
    return "\n".join("".join(shades[min(int(v * 10), 9)] * 2 for v in row)
                     for row in pixels.reshape(8, 8))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few epochs, for the test suite")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    epochs = args.epochs or (30 if args.smoke else 150)

    keras.utils.set_random_seed(args.seed)
    (x_train, _), (x_test, y_test) = keras.datasets.digits.load_data(seed=args.seed)
    x_train, x_test = x_train.reshape(-1, 64), x_test.reshape(-1, 64)

    vae, encoder, decoder = build_vae()
    vae.compile(optimizer=keras.optimizers.Adam(2e-3), loss="binary_crossentropy")
    start = time.perf_counter()
    history = vae.fit(x_train, x_train, batch_size=32, epochs=epochs, verbose=0,
                      validation_data=(x_test, x_test))
    elapsed = time.perf_counter() - start
    print(f"trained {epochs} epochs in {elapsed:.1f} s; loss (reconstruction + KL) "
          f"{history.history['loss'][0]:.4f} -> {history.history['loss'][-1]:.4f}")

    # Reconstruction from the latent means (no sampling noise), against the
    # baseline of answering the mean training image.
    reconstruction = decoder.predict(encoder.predict(x_test, verbose=0), verbose=0)
    recon_mse = float(np.mean((reconstruction - x_test) ** 2))
    baseline = float(np.mean((x_train.mean(axis=0) - x_test) ** 2))
    print(f"test reconstruction mse {recon_mse:.4f} (mean-image baseline {baseline:.4f})")

    # The latent space: each digit class clusters somewhere in the plane.
    codes = encoder.predict(x_test, verbose=0)
    for digit in (0, 1, 6):
        print(f"digit {digit}: mean latent code {np.round(codes[y_test == digit].mean(0), 2)}")

    # Generation: decode draws from the prior.
    z = np.random.default_rng(args.seed).normal(size=(3, LATENT)).astype("float32")
    samples = decoder.predict(z, verbose=0)
    print("three images decoded from z ~ N(0, I):")
    print("\n\n".join(ascii_image(s) for s in samples))
    print(f"RESULT vae reconstruction_ratio {recon_mse / baseline:.4f}")


if __name__ == "__main__":
    main()
