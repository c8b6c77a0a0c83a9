"""``AdamW`` (Keras 3's ``keras.optimizers.AdamW``)."""
from .adam import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay (Keras 3's ``AdamW``): Adam's rule,
    slots and config, with ``weight_decay`` (default 0.004, ``None`` is a
    ``ValueError``) applied before each update as
    ``w -= w * weight_decay * lr``. The common arguments are the base
    class's (``Optimizer``).
    """

    _identifier = "adamw"

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2,
                         epsilon=epsilon, amsgrad=amsgrad, weight_decay=weight_decay,
                         clipnorm=clipnorm, clipvalue=clipvalue,
                         global_clipnorm=global_clipnorm, use_ema=use_ema,
                         ema_momentum=ema_momentum,
                         ema_overwrite_frequency=ema_overwrite_frequency,
                         loss_scale_factor=loss_scale_factor,
                         gradient_accumulation_steps=gradient_accumulation_steps, name=name,
                         **kwargs)
