"""mlp_lib: the small NumPy library of the course "How a multilayer perceptron learns".

Each module is one concept and reads beside its chapter:
activations, losses, network (forward + backward), optimizers, training,
gradcheck, datasets, plotting, two_layer.
"""
from .network import MLP
from .training import History, TrainingDiverged

__version__ = "0.2.0"

__all__ = ["MLP", "History", "TrainingDiverged", "__version__", "require_version"]


def require_version(book_version):
    """Stop a lab early, with a clear message, if the installed mlp_lib is not the
    version the book's outputs were made with. Every lab calls this first."""
    if not isinstance(book_version, str):
        raise TypeError(
            f"require_version needs the version as a string such as {__version__!r}; got "
            f"{book_version!r} ({type(book_version).__name__})."
        )
    if book_version.strip() != __version__:
        raise ImportError(
            f"This lab was written for mlp_lib {book_version}, but mlp_lib {__version__} "
            f"is installed, so its numbers and figures may differ. From the repository's "
            f"top folder run `pip install -r requirements.txt` (it installs mlp_lib from "
            f"this checkout), then restart the kernel."
        )
