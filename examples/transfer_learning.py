"""Transfer learning: pretrain, freeze with trainable=False, train a new head, fine-tune.

    pip install ".[examples]" && python examples/transfer_learning.py [--smoke]

The recipe behind most practical image models, in miniature on scikit-learn's
8x8 digits (``pydeep.datasets.digits``):

1. pretrain a convolutional network on a large labelled task: digits 0-4;
2. reuse its convolutional base, frozen (``base.trainable = False``), under a
   new classification head for a new task: digits 5-9, with only 5 labelled
   images per class;
3. fine-tune: unfreeze the base and train everything a little more with a
   small learning rate (recompile after changing ``trainable``).

The same network trained from scratch on the 25 new images is the baseline
for comparison. (On 8x8 digits it is a strong one: a small network from
scratch already does well, so the gain from transfer is modest.)
"""
import argparse
import time

import numpy as np

import pydeep as keras
from pydeep import layers


def conv_base():
    # The convolutional layers only: their features (strokes, curves) carry over
    # to new digits; a dense layer on top would specialise in the old classes.
    return keras.Sequential([
        keras.Input((8, 8, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),                      # (128,) features
    ], name="base")


def with_head(base, name):
    inputs = keras.Input((8, 8, 1))
    # training=False keeps the base in inference mode (it matters for layers
    # like BatchNormalization and Dropout), even while fine-tuning.
    features = base(inputs, training=False)
    outputs = layers.Dense(5, activation="softmax", name="head")(features)
    return keras.Model(inputs, outputs, name=name)


def compile_and_fit(model, x, y, epochs, learning_rate):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=16, epochs=epochs, verbose=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="fewer epochs, for the test suite")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shots", type=int, default=5, help="labelled images per new class")
    args = parser.parse_args()
    pretrain_epochs, head_epochs, tune_epochs = (5, 30, 10) if args.smoke else (20, 100, 30)

    keras.utils.set_random_seed(args.seed)
    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data(seed=args.seed)
    x_train, x_test = x_train[..., None], x_test[..., None]
    old_train, old_test = y_train < 5, y_test < 5
    # The new task: digits 5-9 (relabelled 0-4) with `shots` images per class.
    rng = np.random.default_rng(args.seed)
    few = np.concatenate([rng.choice(np.flatnonzero(y_train == d), args.shots, replace=False)
                          for d in range(5, 10)])
    x_few, y_few = x_train[few], y_train[few] - 5
    x_new_test, y_new_test = x_test[~old_test], y_test[~old_test] - 5

    start = time.perf_counter()
    base = conv_base()
    pretrained = with_head(base, "pretrain")
    compile_and_fit(pretrained, x_train[old_train], y_train[old_train], pretrain_epochs, 2e-3)
    _, old_accuracy = pretrained.evaluate(x_test[old_test], y_test[old_test], verbose=0)
    print(f"1. pretrained on digits 0-4 ({old_train.sum()} images): test accuracy "
          f"{old_accuracy:.4f}")

    base.trainable = False          # freeze: its weights move to non_trainable_weights
    transfer = with_head(base, "transfer")
    frozen_before = base.get_weights()
    compile_and_fit(transfer, x_few, y_few, head_epochs, 1e-2)
    unchanged = all(np.array_equal(a, b) for a, b in zip(frozen_before, base.get_weights()))
    _, frozen_accuracy = transfer.evaluate(x_new_test, y_new_test, verbose=0)
    print(f"2. new head on the frozen base, {len(x_few)} images of digits 5-9: "
          f"{len(transfer.trainable_weights)} trainable tensors, base unchanged: {unchanged}, "
          f"test accuracy {frozen_accuracy:.4f}")

    base.trainable = True           # unfreeze, then recompile for the change to take effect
    compile_and_fit(transfer, x_few, y_few, tune_epochs, 1e-4)
    _, tuned_accuracy = transfer.evaluate(x_new_test, y_new_test, verbose=0)
    print(f"3. fine-tuned end to end at learning rate 1e-4: test accuracy {tuned_accuracy:.4f}")
    elapsed = time.perf_counter() - start

    scratch = with_head(conv_base(), "scratch")
    compile_and_fit(scratch, x_few, y_few, head_epochs, 2e-3)
    _, scratch_accuracy = scratch.evaluate(x_new_test, y_new_test, verbose=0)
    print(f"baseline: the same network from scratch on the {len(x_few)} images: test accuracy "
          f"{scratch_accuracy:.4f}")
    print(f"transfer learning took {elapsed:.1f} s")
    print(f"RESULT transfer_learning accuracy {tuned_accuracy:.4f}")


if __name__ == "__main__":
    main()
