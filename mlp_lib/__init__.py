"""mlp_lib: the small NumPy library of the course "How a multilayer perceptron learns".

Each module is one concept and reads beside its chapter:
activations, losses, network (forward + backward), optimizers, training,
gradcheck, datasets, plotting, two_layer.
"""
from .network import MLP
from .training import History, TrainingDiverged

__version__ = "0.1.0"

__all__ = ["MLP", "History", "TrainingDiverged", "__version__", "require_version"]


def require_version(book_version):
    """Stop a lab early, with a clear message, if the installed mlp_lib is not the
    version the book's outputs were made with. Every lab calls this first."""
    if book_version != __version__:
        raise ImportError(
            f"This lab was written for mlp_lib {book_version}, but mlp_lib {__version__} "
            f"is installed. From the repository's top folder run "
            f"`pip install -r requirements.txt` (it installs mlp_lib from this checkout), "
            f"then restart the kernel."
        )
