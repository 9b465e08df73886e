"""Exercise checkers that answer in Korean: ``feedback`` (the verdict), ``convolution`` (5.1.1), ``max_pooling``
(5.1.2). Each returns a ``Feedback``, which shows its message in Jupyter and is truthy when the answer is right.
"""
