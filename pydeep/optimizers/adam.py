"""``Adam`` (Keras 3's ``keras.optimizers.Adam``)."""
from .optimizer import Optimizer


class Adam(Optimizer):
    """Adam (Keras 3's ``Adam``), at step ``t = iterations + 1``:

    ``m += (g - m) * (1 - beta_1)``, ``v += (g**2 - v) * (1 - beta_2)``,
    ``w -= lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon)``;
    with ``amsgrad=True`` the running maximum of ``v`` replaces ``v``.
    Slots: ``<var>_momentum``, ``<var>_velocity`` per variable, then
    ``<var>_velocity_hat`` per variable (amsgrad). The common arguments are
    the base class's (``Optimizer``).
    """

    _identifier = "adam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        self._make_native(beta_1=float(beta_1), beta_2=float(beta_2), epsilon=float(epsilon),
                          amsgrad=bool(amsgrad))
