"""Tools and notebooks for regional learning networks on children as next of kin."""

__version__ = "0.1.0"
