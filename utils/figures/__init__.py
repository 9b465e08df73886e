"""Figures of 5.1 (``intro_convnets``), 5.1.1 (``convolution``), 5.1.2 (``max_pooling``), shared parts (``common``).

Each function returns a ``Figure`` that pyplot does not hold, so a cell's last line shows it once.
"""
