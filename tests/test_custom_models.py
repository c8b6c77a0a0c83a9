"""Subclassed models, custom train_step / test_step, custom losses and metrics."""
import numpy as np
import pytest

import pydeep
from pydeep import layers, ops


class TwoLayer(pydeep.Model):
    def __init__(self, hidden=16, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(hidden, activation="relu")
        self.out = layers.Dense(1)

    def call(self, inputs, training=False):
        return self.out(self.hidden(inputs))


def regression(n=256, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, (x[:, :1] * x[:, 1:2] + x[:, 2:3]).astype("float32")


def test_subclassed_model_fits_evaluates_predicts():
    pydeep.utils.set_random_seed(0)
    model = TwoLayer()
    x, y = regression()
    model.compile(optimizer=pydeep.optimizers.Adam(0.02), loss="mse", metrics=["mae"])
    history = model.fit(x, y, epochs=40, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.15 * history.history["loss"][0]
    assert set(history.history) == {"loss", "mae"}
    assert [l.name for l in model.layers] == [model.hidden.name, model.out.name]
    assert model.count_params() == 3 * 16 + 16 + 16 + 1
    pred = model.predict(x[:7], verbose=0)
    h = np.maximum(x[:7].astype(np.float64) @ model.hidden.get_weights()[0] +
                   model.hidden.get_weights()[1], 0)
    np.testing.assert_allclose(pred, h @ model.out.get_weights()[0] + model.out.get_weights()[1],
                               rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(np.asarray(model(x[:7])), pred, rtol=1e-6)


class CustomStep(pydeep.Model):
    """Keras's custom train_step idiom with a Mean tracker."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(1)
        self.loss_tracker = pydeep.metrics.Mean(name="loss")
        self.steps_taken = 0

    def call(self, x, training=False):
        return self.dense(x)

    def train_step(self, data):
        x, y = data
        with pydeep.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = ops.mean(ops.square(y_pred - y))
        grads = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        self.loss_tracker.update_state(loss)
        self.steps_taken += 1
        return {"loss": self.loss_tracker.result()}

    def test_step(self, data):
        x, y = data
        loss = ops.mean(ops.square(self(x) - y))
        self.loss_tracker.update_state(loss)
        return {"loss": self.loss_tracker.result()}

    @property
    def metrics(self):
        return [self.loss_tracker]


def test_custom_train_step_driven_by_fit():
    pydeep.utils.set_random_seed(1)
    x = np.random.default_rng(2).normal(size=(128, 2)).astype("float32")
    y = (x @ np.array([[1.5], [-0.5]], "float32") + 0.3).astype("float32")
    model = CustomStep()
    model.compile(optimizer=pydeep.optimizers.SGD(0.1))
    history = model.fit(x, y, epochs=10, batch_size=16, verbose=0, validation_data=(x, y))
    assert model.steps_taken == 80
    assert history.history["loss"][-1] < 0.01 * history.history["loss"][0]
    assert "val_loss" in history.history
    # The tracker is reset each epoch: the epoch's loss is that epoch's mean.
    assert history.history["loss"][-1] < 1e-3
    assert model.evaluate(x, y, verbose=0) < 1e-3


def test_vae_with_sampling_layer_and_kl_add_loss():
    class Sampling(layers.Layer):
        def call(self, inputs):
            mean, log_var = inputs
            eps = pydeep.random.normal(ops.shape(mean))
            return mean + ops.exp(0.5 * log_var) * eps

    class KL(layers.Layer):
        def call(self, inputs):
            mean, log_var = inputs
            kl = -0.5 * ops.mean(ops.sum(1 + log_var - ops.square(mean) - ops.exp(log_var),
                                         axis=1))
            self.add_loss(kl)
            return mean

    sk = pytest.importorskip("sklearn.datasets")
    digits = sk.load_digits()
    x = (digits.data / 16.0).astype("float32")
    pydeep.utils.set_random_seed(3)
    inp = pydeep.Input((64,))
    h = layers.Dense(64, activation="relu")(inp)
    mean, log_var = layers.Dense(4)(h), layers.Dense(4)(h)
    z = Sampling()([KL()([mean, log_var]), log_var])
    out = layers.Dense(64, activation="sigmoid")(layers.Dense(64, activation="relu")(z))
    vae = pydeep.Model(inp, out)
    vae.compile(optimizer=pydeep.optimizers.Adam(3e-3), loss="binary_crossentropy")
    history = vae.fit(x, x, epochs=15, batch_size=64, verbose=0)
    first, last = history.history["loss"][0], history.history["loss"][-1]
    assert last < 0.8 * first
    assert len(vae.losses) == 1 and float(np.asarray(vae.losses[0])) > 0


def test_gan_moves_generator_samples_toward_the_target():
    class GAN(pydeep.Model):
        def __init__(self, generator, discriminator, **kwargs):
            super().__init__(**kwargs)
            self.generator, self.discriminator = generator, discriminator

        def call(self, z, training=False):
            return self.generator(z, training=training)

        def compile(self, g_optimizer, d_optimizer):
            super().compile()
            self.g_optimizer, self.d_optimizer = g_optimizer, d_optimizer
            self.bce = pydeep.losses.BinaryCrossentropy(from_logits=True)

        def train_step(self, real):
            n = real.shape[0]
            z = pydeep.random.normal((n, 2))
            fake = self.generator(z)
            both = ops.concatenate([real, fake], axis=0)
            labels = ops.concatenate([ops.ones((n, 1)), ops.zeros((n, 1))], axis=0)
            with pydeep.GradientTape() as tape:
                d_loss = self.bce(labels, self.discriminator(both))
            dw = self.discriminator.trainable_weights
            self.d_optimizer.apply_gradients(zip(tape.gradient(d_loss, dw), dw))
            self.discriminator.trainable = False
            with pydeep.GradientTape() as tape:
                g_loss = self.bce(ops.ones((n, 1)), self.discriminator(self.generator(z)))
            gw = self.generator.trainable_weights
            self.g_optimizer.apply_gradients(zip(tape.gradient(g_loss, gw), gw))
            self.discriminator.trainable = True
            return {"d_loss": d_loss, "g_loss": g_loss}

    pydeep.utils.set_random_seed(4)
    rng = np.random.default_rng(5)
    real = (rng.normal(size=(2048, 2)) * 0.3 + np.array([2.0, -1.0])).astype("float32")
    gen = pydeep.Sequential([pydeep.Input((2,)), layers.Dense(16, activation="relu"),
                             layers.Dense(2)])
    disc = pydeep.Sequential([pydeep.Input((2,)), layers.Dense(16, activation="relu"),
                              layers.Dense(1)])
    gan = GAN(gen, disc)
    gan.compile(pydeep.optimizers.Adam(2e-3), pydeep.optimizers.Adam(2e-3))
    z = rng.normal(size=(512, 2)).astype("float32")
    before = np.linalg.norm(gen.predict(z, verbose=0).mean(0) - [2.0, -1.0])
    history = gan.fit(real, epochs=15, batch_size=64, verbose=0)
    after = np.linalg.norm(gen.predict(z, verbose=0).mean(0) - [2.0, -1.0])
    assert set(history.history) == {"d_loss", "g_loss"}
    assert after < 0.35 * before, (before, after)


def test_custom_loss_and_metric_subclasses():
    class Quartic(pydeep.losses.Loss):
        def call(self, y_true, y_pred):
            return ops.mean(ops.square(ops.square(y_pred - y_true)), axis=-1)

    class MaxError(pydeep.metrics.Metric):
        def __init__(self, name="max_error", **kwargs):
            super().__init__(name=name, **kwargs)
            self.worst = self.add_variable(shape=(), initializer="zeros", name="worst")

        def update_state(self, y_true, y_pred, sample_weight=None):
            err = float(np.max(np.abs(np.asarray(y_pred) - np.asarray(y_true))))
            self.worst.assign(max(float(np.asarray(self.worst)), err))

        def result(self):
            return self.worst

        def reset_state(self):
            self.worst.assign(0.0)

    x, y = regression(64)
    pydeep.utils.set_random_seed(6)
    model = pydeep.Sequential([pydeep.Input((3,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss=Quartic(), metrics=[MaxError()])
    logs = model.evaluate(x, y, batch_size=64, return_dict=True, verbose=0)
    pred = model.predict(x, verbose=0).astype(np.float64)
    np.testing.assert_allclose(logs["loss"], np.mean((pred - y) ** 4), rtol=1e-5)
    np.testing.assert_allclose(logs["max_error"], np.max(np.abs(pred - y)), rtol=1e-5)


@pydeep.saving.register_keras_serializable(package="tests")
class SavedNet(pydeep.Model):
    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.hidden = layers.Dense(units, activation="relu")
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_subclassed_model_saves_loads_and_continues_training(tmp_path):
    pydeep.utils.set_random_seed(7)
    x, y = regression(64)
    model = SavedNet(6)
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=2, verbose=0)
    path = tmp_path / "net.pydeep"
    model.save(path)
    loaded = pydeep.models.load_model(path)
    assert type(loaded) is SavedNet and loaded.units == 6
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    a = model.fit(x, y, epochs=2, shuffle=False, verbose=0).history["loss"]
    b = loaded.fit(x, y, epochs=2, shuffle=False, verbose=0).history["loss"]
    assert a == b
    with pytest.raises(ValueError, match="not built"):
        SavedNet().save(tmp_path / "unbuilt.pydeep")
