"""``Nadam`` (Keras 3's ``keras.optimizers.Nadam``)."""
from .optimizer import Optimizer


class Nadam(Optimizer):
    """Nadam, Adam with Nesterov momentum (Keras 3's ``Nadam``), at step
    ``t = iterations + 1``:

    ``u_t = beta_1 * (1 - 0.5 * 0.96**t)``, ``u_next`` likewise at ``t + 1``,
    ``u_product *= u_t``; ``m += (g - m) * (1 - beta_1)``,
    ``v += (g**2 - v) * (1 - beta_2)``,
    ``m_hat = u_next * m / (1 - u_product * u_next) + (1 - u_t) * g / (1 - u_product)``,
    ``w -= lr * m_hat / (sqrt(v / (1 - beta_2**t)) + epsilon)``.
    Slots: ``<var>_momentum``, ``<var>_velocity`` per variable, then the
    scalar ``u_product`` (named ``variable``, as in Keras). The common
    arguments are the base class's (``Optimizer``).
    """

    _identifier = "nadam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        self._make_native(beta_1=float(beta_1), beta_2=float(beta_2), epsilon=float(epsilon))
