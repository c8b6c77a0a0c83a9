"""Autoencoders: dense, convolutional, and a denoising variant.

    pip install ".[examples]" && python examples/autoencoder.py [--smoke]

An autoencoder squeezes its input through a narrow code and learns to rebuild
it; the code is a learned compression. Three on scikit-learn's 8x8 digits
(``pydeep.datasets.digits``):

* dense: 64 -> 32 -> 8 -> 32 -> 64 pixels;
* convolutional: Conv2D + MaxPooling2D down to a (2, 2, 8) code, then
  UpSampling2D + Conv2D back up;
* denoising: the convolutional one, fed noisy images (GaussianNoise, active
  only in training) and asked for the clean ones, so it learns to remove noise.

Each is judged by its mean squared reconstruction error on held-out digits
against a trivial baseline: always answering the mean training image.
"""
import argparse
import time

import numpy as np

import pydeep as keras
from pydeep import layers


def dense_autoencoder(code_size=8):
    encoder = keras.Sequential([keras.Input((64,)), layers.Dense(32, activation="relu"),
                                layers.Dense(code_size, activation="relu")], name="encoder")
    decoder = keras.Sequential([keras.Input((code_size,)), layers.Dense(32, activation="relu"),
                                layers.Dense(64, activation="sigmoid")], name="decoder")
    # Models nest like layers: the autoencoder is encoder then decoder, and the
    # two halves stay usable on their own (encoder.predict gives the codes).
    inputs = keras.Input((64,))
    return keras.Model(inputs, decoder(encoder(inputs)), name="dense_autoencoder"), encoder


def conv_autoencoder(noise_stddev=0.0):
    inputs = keras.Input((8, 8, 1))
    x = layers.GaussianNoise(noise_stddev)(inputs) if noise_stddev else inputs
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)                                       # (4, 4, 16)
    x = layers.Conv2D(8, 3, padding="same", activation="relu")(x)
    code = layers.MaxPooling2D(2)(x)                                    # (2, 2, 8): 32 numbers
    x = layers.Conv2D(8, 3, padding="same", activation="relu")(code)
    x = layers.UpSampling2D(2)(x)                                       # (4, 4, 8)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    x = layers.UpSampling2D(2)(x)                                       # (8, 8, 16)
    outputs = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    name = "denoising_autoencoder" if noise_stddev else "conv_autoencoder"
    return keras.Model(inputs, outputs, name=name)


def train(model, x, target, epochs, verbose=0):
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="binary_crossentropy",
                  metrics=["mse"])
    start = time.perf_counter()
    model.fit(x, target, batch_size=32, epochs=epochs, verbose=verbose)
    return time.perf_counter() - start


def mse(a, b):
    return float(np.mean((np.asarray(a, np.float64) - b) ** 2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few epochs, for the test suite")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--noise", type=float, default=0.3, help="noise std of the denoiser")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    epochs = args.epochs or (15 if args.smoke else 60)

    keras.utils.set_random_seed(args.seed)
    (x_train, _), (x_test, _) = keras.datasets.digits.load_data(seed=args.seed)
    images_train, images_test = x_train[..., None], x_test[..., None]
    baseline = mse(np.broadcast_to(x_train.mean(axis=0), x_test.shape), x_test)
    print(f"baseline (mean training image): test mse {baseline:.4f}")

    dense, encoder = dense_autoencoder()
    flat_train, flat_test = x_train.reshape(-1, 64), x_test.reshape(-1, 64)
    seconds = train(dense, flat_train, flat_train, epochs)
    dense_mse = mse(dense.predict(flat_test, verbose=0), flat_test)
    codes = encoder.predict(flat_test, verbose=0)
    print(f"dense autoencoder: test mse {dense_mse:.4f} ({seconds:.1f} s), codes {codes.shape}")

    conv = conv_autoencoder()
    seconds = train(conv, images_train, images_train, epochs)
    conv_mse = mse(conv.predict(images_test, verbose=0), images_test)
    print(f"conv autoencoder: test mse {conv_mse:.4f} ({seconds:.1f} s)")

    # The noise layer perturbs inputs during fit only; to test the denoiser we
    # corrupt the test images ourselves and compare its output with the clean ones.
    denoiser = conv_autoencoder(noise_stddev=args.noise)
    seconds = train(denoiser, images_train, images_train, epochs)
    rng = np.random.default_rng(args.seed + 1)
    noisy_test = (images_test + rng.normal(scale=args.noise, size=images_test.shape)
                  ).astype("float32")
    noisy_mse = mse(noisy_test, images_test)
    denoised_mse = mse(denoiser.predict(noisy_test, verbose=0), images_test)
    print(f"denoising autoencoder: noisy input mse {noisy_mse:.4f} -> denoised "
          f"{denoised_mse:.4f} ({seconds:.1f} s)")
    # One number for the test suite: the worst of the three errors relative to
    # what it must beat (the baseline, or the noisy input for the denoiser).
    ratio = max(dense_mse / baseline, conv_mse / baseline, denoised_mse / noisy_mse)
    print(f"RESULT autoencoder worst_error_ratio {ratio:.4f}")


if __name__ == "__main__":
    main()
