"""Shipped indicator frameworks (``data/*.yaml``) and their strict loader."""

from .loader import FrameworkError, available, load_framework, load_framework_file

__all__ = ["FrameworkError", "available", "load_framework", "load_framework_file"]
