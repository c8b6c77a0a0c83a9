"""A LeNet-style convolutional network on real 8x8 handwritten digits.

    pip install ".[examples]" && python examples/cnn_digits.py [--smoke]

LeNet's recipe, scaled to 8x8 images: convolution + pooling twice (local
features, then combinations of them at half the resolution), then a small
dense classifier. The digits are scikit-learn's bundled copy
(``pydeep.datasets.digits``), so nothing is downloaded.
"""
import argparse
import time

import pydeep as keras
from pydeep import layers


def build_lenet(num_classes=10):
    return keras.Sequential([
        keras.Input(shape=(8, 8, 1)),                      # channels last, like Keras
        layers.Conv2D(16, 3, padding="same", activation="relu"),   # -> (8, 8, 16)
        layers.MaxPooling2D(2),                                    # -> (4, 4, 16)
        layers.Conv2D(32, 3, padding="same", activation="relu"),   # -> (4, 4, 32)
        layers.MaxPooling2D(2),                                    # -> (2, 2, 32)
        layers.Flatten(),                                          # -> (128,)
        layers.Dense(64, activation="relu"),
        layers.Dropout(0.25),
        layers.Dense(num_classes, activation="softmax"),
    ], name="lenet")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few epochs, for the test suite")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    epochs = args.epochs or (6 if args.smoke else 30)

    keras.utils.set_random_seed(args.seed)
    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data(seed=args.seed)
    x_train, x_test = x_train[..., None], x_test[..., None]   # add the channel axis

    model = build_lenet()
    model.summary()
    model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x_train, y_train, batch_size=32, epochs=epochs, validation_split=0.1, verbose=2)
    elapsed = time.perf_counter() - start

    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"trained {epochs} epochs in {elapsed:.1f} s; test loss {loss:.4f}, "
          f"test accuracy {accuracy:.4f} on {len(x_test)} held-out digits")
    print(f"RESULT cnn_digits accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
