"""``Adamax`` (Keras 3's ``keras.optimizers.Adamax``)."""
from .optimizer import Optimizer


class Adamax(Optimizer):
    """Adamax, Adam with the infinity norm (Keras 3's ``Adamax``), at step
    ``t = iterations + 1``:

    ``m += (g - m) * (1 - beta_1)``, ``u = max(beta_2 * u, |g|)``,
    ``w -= lr * m / ((1 - beta_1**t) * (u + epsilon))``.
    Slots: ``<var>_momentum``, ``<var>_norm`` per variable. The common
    arguments are the base class's (``Optimizer``).
    """

    _identifier = "adamax"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        self._make_native(beta_1=float(beta_1), beta_2=float(beta_2), epsilon=float(epsilon))
