"""What the book says, in one place: 5.1's numbers and the claims of 5.1.2 that the course measures (5.1, 5.1.2).

The pages quote these in sentences their authors write; ``benchmarks/summary.py`` judges the claims on
the stored book-budget runs, and the tests hold the pages' sentences to both.
"""

#: 5.1's numbers, from one Keras 2 run in the book: the convnet's and the dense network's test accuracy,
#: and the error-rate drop the book computes from them.
NUMBERS = {"convnet_test_acc": 0.9921, "dense_test_acc": 0.978, "error_drop": 0.64}

#: 5.1.2's claims, each ``(model, other, metric)``: the book says ``model`` has the larger ``metric``.
#: ``gap`` is the training accuracy minus the test accuracy (overfitting), ``test_acc`` the test accuracy.
CLAIMS = {
    "no_pool_overfits_more": ("no_pool", "max", "gap"),
    "max_beats_avg": ("max", "avg", "test_acc"),
    "max_beats_strided": ("max", "strided", "test_acc"),
    "convnet_beats_dense": ("max", "dense", "test_acc"),
}
