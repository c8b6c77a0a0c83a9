"""Inception (GoogLeNet) blocks: parallel branches joined with Concatenate.

    pip install ".[examples]" && python examples/inception_block.py [--smoke]

An inception block looks at its input through several receptive fields at
once -- 1x1, 3x3, 5x5 convolutions and a pooled path -- and stacks the
results along the channel axis. The 1x1 convolutions in front of the wider
ones shrink the channel count first, which keeps the block cheap. Built with
the functional API and trained on scikit-learn's bundled 8x8 digits
(``pydeep.datasets.digits``).
"""
import argparse
import time

import pydeep as keras
from pydeep import layers


def conv(x, filters, kernel_size):
    return layers.Conv2D(filters, kernel_size, padding="same", activation="relu")(x)


def inception_block(x, f1, f3_reduce, f3, f5_reduce, f5, f_pool):
    branch1 = conv(x, f1, 1)
    branch3 = conv(conv(x, f3_reduce, 1), f3, 3)
    branch5 = conv(conv(x, f5_reduce, 1), f5, 5)
    branch_pool = conv(layers.MaxPooling2D(3, strides=1, padding="same")(x), f_pool, 1)
    # Every branch keeps the spatial size ("same" padding, stride 1), so they
    # concatenate along channels: f1 + f3 + f5 + f_pool channels out.
    return layers.Concatenate(axis=-1)([branch1, branch3, branch5, branch_pool])


def build_inception(num_classes=10):
    inputs = keras.Input(shape=(8, 8, 1))
    x = conv(inputs, 16, 3)                                  # (8, 8, 16)
    x = inception_block(x, 8, 8, 16, 4, 8, 8)                # (8, 8, 40)
    x = layers.MaxPooling2D(2)(x)                            # (4, 4, 40)
    x = inception_block(x, 16, 16, 24, 8, 12, 12)            # (4, 4, 64)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="inception_small")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few epochs, for the test suite")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    epochs = args.epochs or (6 if args.smoke else 30)

    keras.utils.set_random_seed(args.seed)
    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data(seed=args.seed)
    x_train, x_test = x_train[..., None], x_test[..., None]

    model = build_inception()
    model.summary()
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x_train, y_train, batch_size=32, epochs=epochs, validation_split=0.1, verbose=2)
    elapsed = time.perf_counter() - start

    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"trained {epochs} epochs in {elapsed:.1f} s; test loss {loss:.4f}, "
          f"test accuracy {accuracy:.4f} on {len(x_test)} held-out digits")
    print(f"RESULT inception_block accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
