"""A small residual network (ResNet) with BatchNormalization, built with the functional API.

    pip install ".[examples]" && python examples/resnet_small.py [--smoke]

A residual block computes ``relu(x + F(x))`` where F is conv-BN-relu-conv-BN:
the identity path lets gradients flow straight through, which is what lets
ResNets grow deep. When a block changes the resolution or the width, the
shortcut becomes a strided 1x1 convolution so the shapes still add up. Trained
on scikit-learn's bundled 8x8 digits (``pydeep.datasets.digits``).
"""
import argparse
import time

import pydeep as keras
from pydeep import layers


def conv_bn(x, filters, strides=1, kernel_size=3):
    # The convolution has no bias: the BatchNormalization after it has its own (beta).
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding="same", use_bias=False)(x)
    # momentum 0.9 (Keras: 0.99): with ~40 steps an epoch the moving statistics that
    # inference uses must catch up within a few epochs.
    return layers.BatchNormalization(momentum=0.9)(x)


def residual_block(x, filters, strides=1):
    shortcut = x
    if strides != 1 or x.shape[-1] != filters:
        shortcut = conv_bn(x, filters, strides=strides, kernel_size=1)   # projection shortcut
    y = layers.Activation("relu")(conv_bn(x, filters, strides=strides))
    y = conv_bn(y, filters)
    return layers.Activation("relu")(layers.Add()([shortcut, y]))


def build_resnet(num_classes=10, width=16):
    inputs = keras.Input(shape=(8, 8, 1))
    x = layers.Activation("relu")(conv_bn(inputs, width))     # stem: (8, 8, 16)
    x = residual_block(x, width)                              # (8, 8, 16), identity shortcut
    x = residual_block(x, width)
    x = residual_block(x, 2 * width, strides=2)               # (4, 4, 32), projection shortcut
    x = residual_block(x, 2 * width)
    x = layers.GlobalAveragePooling2D()(x)                    # (32,)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="resnet_small")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few epochs, for the test suite")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    epochs = args.epochs or (4 if args.smoke else 20)

    keras.utils.set_random_seed(args.seed)
    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data(seed=args.seed)
    x_train, x_test = x_train[..., None], x_test[..., None]

    model = build_resnet()
    model.summary()
    model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x_train, y_train, batch_size=32, epochs=epochs, validation_split=0.1, verbose=2)
    elapsed = time.perf_counter() - start

    # evaluate runs BatchNormalization in inference mode (its moving statistics).
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"trained {epochs} epochs in {elapsed:.1f} s; test loss {loss:.4f}, "
          f"test accuracy {accuracy:.4f} on {len(x_test)} held-out digits")
    print(f"RESULT resnet_small accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
