"""Quickstart: a Keras-style classifier of real handwritten digits.

    pip install ".[examples]" && python examples/quickstart.py

Builds a multilayer perceptron with the Keras 3 API (``import pydeep as keras``
works the same way), trains it on scikit-learn's 8x8 digits (1,797 real
images, bundled with scikit-learn, no download; ``pydeep.datasets.digits``)
with a validation split, early stopping and a progress bar, evaluates it on
held-out digits, saves it to one ``.pydeep`` file, loads it back and predicts
with the loaded copy. The training loop runs in C++.
"""
import argparse
import os
import tempfile

import pydeep as keras


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verbose", type=int, default=1)
    parser.add_argument("--save", default=None, help="where to save the model (.pydeep)")
    args = parser.parse_args()

    keras.utils.set_random_seed(args.seed)
    # 8x8 images with intensities scaled to [0, 1]; flattened to 64 features for the MLP.
    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data(seed=args.seed)
    x_train, x_test = x_train.reshape(-1, 64), x_test.reshape(-1, 64)

    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.summary()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    # Stop when the validation loss has not improved for 5 epochs, and roll the
    # weights back to the best epoch seen.
    early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5,
                                                   restore_best_weights=True)
    history = model.fit(x_train, y_train, batch_size=32, epochs=args.epochs,
                        validation_split=0.1, callbacks=[early_stopping], verbose=args.verbose)

    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)

    # One file holds the architecture, the weights, the compile settings and the
    # optimizer state (it is written atomically and checks itself when loaded).
    path = args.save or os.path.join(tempfile.mkdtemp(), "digits_mlp.pydeep")
    model.save(path)
    restored = keras.models.load_model(path)
    predictions = restored.predict(x_test[:5], verbose=0).argmax(axis=-1)
    same = (restored.predict(x_test, verbose=0) == model.predict(x_test, verbose=0)).all()
    print(f"saved to {path} ({os.path.getsize(path):,} bytes); the loaded model predicts "
          f"{'identically' if same else 'DIFFERENTLY'}")
    print(f"trained {len(history.epoch)} epochs; best val_loss "
          f"{min(history.history['val_loss']):.4f}")
    print(f"test loss {loss:.4f}, test accuracy {accuracy:.4f} on {len(x_test)} held-out digits")
    print(f"first test digits {y_test[:5].tolist()}, predicted {predictions.tolist()}")
    print(f"RESULT quickstart accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
