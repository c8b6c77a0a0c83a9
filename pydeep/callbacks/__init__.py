"""``pydeep.callbacks``: Keras 3 callbacks."""
from .backup_and_restore import BackupAndRestore
from .callback import Callback
from .callback_list import CallbackList
from .history import History
from .model_checkpoint import ModelCheckpoint
from .progbar_logger import ProgbarLogger

__all__ = ["BackupAndRestore", "Callback", "CallbackList", "History", "ModelCheckpoint",
           "ProgbarLogger"]
