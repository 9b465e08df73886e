"""Course helpers for Deep Learning with Python 5.1, 5.1.1 and 5.1.2 (Korean edition).

What several sections share sits in one module; a section's own figures and exercises sit in a
module named after its notebook (``5_1_1_convolution.ipynb`` -> ``figures/convolution.py``).
Every public function's docstring names the sections that use it. Checks and measurements of
the course itself live in ``tests/`` and ``benchmarks/``, which import this package.

- Set-up: ``notebook`` (the one set-up call), ``settings`` (the parameters cell), ``backend``
  (Keras backend, device, repeatable runs), ``checks`` (argument checks), ``glue`` (numbers into
  the prose), ``measurements`` (the measured ranges the pages quote).
- Data, models, training: ``data``, ``models``, ``training``, ``cache`` (5.1's models reused by
  5.1.1), ``transforms`` (shifted digits, 5.1.1), ``experiments``, ``stats``, ``report`` (5.1.2).
- By hand, in NumPy: ``ops`` (convolution, pooling, output sizes), ``receptive_fields``.
- ``figures/`` and ``widgets`` draw; ``exercises/`` check a learner's answers in Korean.
"""
