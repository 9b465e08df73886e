"""Every number the chapters' prose states, with the committed result it comes from (issue 29).

The prose is markdown that authors write; the numbers in it are typed there. This registry says, for
each chapter, which text the prose must contain and where its number comes from: the measurement
files shipped with the package (``utils/measured/summary.json``, made by ``benchmarks/summary.py``), the
book (``utils/book.py``), the models' structure (``utils.models``) or a stored output of a committed
notebook. ``tests/test_prose_numbers.py`` renders each entry from its source and looks for it in the
prose, and fails on any result-like number in the prose that no entry covers. When a measurement
changes, the rendered text changes, the test fails, and an author rewrites the sentence.

An entry is a :class:`Cite`: the text the prose must contain (rendered here from the source; the prose is
read with anchors removed, ``\\~`` as ``~`` and math's ``{,}`` as ``,``), and, for a sentence that judges,
whether what it says holds for the same numbers (``holds``), with what it says (``claim``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from notebooks import cell_with, load, printed, source
from site_helpers import REPO

from utils import book
from utils.measurements import measured_range, summary
from utils.settings import N_TRAIN
from utils.stats import sign_test_chance


@dataclass(frozen=True)
class Cite:
    """Text the prose must contain; ``holds``: the judgement the sentence makes is true of the source."""

    text: str
    holds: bool = True
    claim: str = ""


def normalized(text: str) -> str:
    """Markdown as the registry writes it: anchors out, ``\\~`` as ``~``, ``{,}`` as ``,``, one space for any run."""
    text = re.sub(r'<a id="[\w-]+"></a>', "", text)
    text = text.replace("\\~", "~").replace("{,}", ",")
    return re.sub(r"\s+", " ", text)


def rendered(text: str) -> str | None:
    """A cited text as JupyterLab and the PDF show it: no emphasis or code marks, a table's pipes gone; ``None``
    for math, which they typeset (a cite inside ``$$ ... $$`` has no ``$`` of its own)."""
    if re.search(r"\$|\\[a-z]", text):
        return None
    return re.sub(r"\*\*|`|\|", "", normalized(text))


def pct(value: float, digits: int = 1) -> str:
    """0.9791 -> '97.9' (a percentage, without the sign)."""
    return f"{100 * value:.{digits}f}"


def pp(value: float, digits: int = 1) -> str:
    """A difference of accuracies in percentage points, with a real minus sign: -0.0274 -> '−2.7'."""
    return f"{100 * value:.{digits}f}".replace("-", "−")


def commas_in_math(n: int) -> str:
    """18496 -> '18{,}496', as the prose writes a number inside $...$ (read back as '18,496')."""
    return f"{n:,}"


@functools.cache
def stored(stem: str, marker: str) -> str:
    """What the committed notebook's code cell containing ``marker`` printed."""
    return printed(cell_with(load(REPO / "chapters" / f"{stem}.ipynb"), marker))


def stored_number(stem: str, marker: str, pattern: str) -> str:
    """The first group of ``pattern`` in :func:`stored` output."""
    found = re.search(pattern, stored(stem, marker))
    assert found, f"{stem}: the cell with {marker!r} printed nothing that matches {pattern!r}"
    return found.group(1)


@functools.cache
def model_facts() -> dict[str, int]:
    """Parameter counts and sizes of the 5.1 convnet (listings 5-1, 5-2) and chapter 2's dense network."""
    from utils.models import build_convnet, build_dense_network

    convnet, dense = build_convnet(), build_dense_network()
    convs = [layer for layer in convnet.layers if type(layer).__name__ == "Conv2D"]
    return {
        "conv1": convs[0].count_params(),
        "conv2": convs[1].count_params(),
        "conv3": convs[2].count_params(),
        "base": sum(layer.count_params() for layer in convnet.layers[:5]),
        "flat": int(convnet.layers[5].output.shape[-1]),
        "dense64": convnet.layers[6].count_params(),
        "dense10": convnet.layers[7].count_params(),
        "total": convnet.count_params(),
        "dense_total": dense.count_params(),
        "dense_first": dense.layers[0].count_params(),
    }


#: MNIST's test set
TEST_IMAGES = 10_000


def code_has(stem: str, snippet: str) -> bool:
    """Whether a code cell of the committed notebook contains ``snippet`` (a number the prose restates)."""
    nb = load(REPO / "chapters" / f"{stem}.ipynb")
    return any(snippet in source(c) for c in nb["cells"] if c["cell_type"] == "code")


def all_seeds(n_positive: int, n_seeds: int) -> bool:
    return n_positive == n_seeds


def beyond_spread(n_positive: int, n_seeds: int) -> bool:
    """The course's one separation rule (``utils.stats.needed_leads``) calls this many leads decided."""
    from utils.stats import needed_leads

    needed = needed_leads(n_seeds)
    return needed is not None and n_positive >= needed


def intro_convnets() -> list[Cite]:
    """5.1: the listings' arithmetic, the seed spread at the page's settings, the book's numbers."""
    m = model_facts()
    conv, dense = measured_range("convnet_dense", "convnet_test_acc"), measured_range("convnet_dense", "dense_test_acc")
    drop = measured_range("convnet_dense", "error_drop")
    drop_q = summary()["ranges"]["convnet_dense"]["quantities"]["error_drop"]
    cpu, gpu = summary()["timings"]["cpu"], summary()["timings"]["gpu"]
    book_conv, book_dense, book_drop = (book.NUMBERS[k] for k in ("convnet_test_acc", "dense_test_acc", "error_drop"))
    weights = json.loads((REPO / "_static" / "explorer" / "model-weights.json").read_text(encoding="utf-8"))
    return [
        Cite(f"(3 \\times 3 \\times 1 + 1) \\times 32 = {m['conv1']}$"),
        Cite(f"= {commas_in_math(m['conv2'])}$"),
        Cite(f"= {commas_in_math(m['conv3'])}$"),
        Cite(f"합치면 {m['base']:,}개"),
        Cite(f"길이 {m['flat']}의 벡터"),
        Cite(f"${m['flat']} \\times 64 + 64 = {commas_in_math(m['dense64'])}$개"),
        Cite(f"$64 \\times 10 + 10 = {m['dense10']}$개"),
        Cite(f"펼친 벡터도 값이 {m['flat']}개이고"),
        Cite(f"$({m['flat']} + 1) \\times 64$"),
        Cite(f"{m['flat']}개 값 전체"),
        Cite(f"**파라미터**(parameter)는\n{m['total']:,}개"),
        Cite(
            f"약 {cpu['convnet_fit_seconds']:.0f}초, "
            f"GPU(NVIDIA H200, JAX 백엔드)에서는 약 {gpu['convnet_fit_seconds']:.0f}초"
        ),
        Cite(f"2코어 CPU에서 약 {cpu['dense_fit_seconds']:.0f}초 걸렸고"),
        Cite(f"시드만 바꿔 {conv.n_seeds}번 훈련"),
        Cite(f"{conv.lowest:.4f}~{conv.highest:.4f}\n사이"),
        Cite(f"평균은 {conv.mean:.4f}, 표준편차는 {conv.sd:.4f}"),
        Cite(f"최대 {summary()['convnet_setup_shift']:.4f}만큼"),
        Cite(
            f"{book_conv}로 보고합니다. 이 값은 {conv.n_seeds}번의 훈련 가운데 가장 높은 값과 같고",
            round(book_conv, 4) == round(conv.highest, 4),
            "the book's number equals the highest seed",
        ),
        Cite(
            "평균보다\n표준편차 하나만큼 높습니다",
            round((book_conv - conv.mean) / conv.sd) == 1,
            "the book's number is one standard deviation above the mean",
        ),
        Cite(f"시드 {dense.n_seeds}개로 훈련한 측정"),
        Cite(f"평균 {pct(dense.mean)}%({pct(dense.lowest)}%~{pct(dense.highest)}%)"),
        Cite(f"평균 {100 * drop.mean:.0f}%였지만 {100 * drop.lowest:.0f}%에서 {100 * drop.highest:.0f}%까지"),
        Cite(
            f"{drop.n_seeds}개 시드 모두에서 컨브넷의 에러율이 더\n낮았습니다",
            all_seeds(drop_q["n_positive"], drop.n_seeds),
            "the convnet's error rate is lower in every seed",
        ),
        Cite(
            f"정확도 {pct(book_dense)}%는 위 범위 안에",
            dense.lowest <= book_dense <= dense.highest,
            "the book's dense accuracy lies in the measured range",
        ),
        Cite(
            f"에러율 감소\n{100 * book_drop:.0f}%는 범위의 맨 위와 같습니다",
            round(100 * book_drop) == round(100 * drop.highest),
            "the book's error drop rounds to the range's top",
        ),
        Cite(
            f"파라미터는 {m['total']:,}개로, 완전 연결 네트워크({m['dense_total']:,}개)의\n"
            f"{100 * m['total'] / m['dense_total']:.0f}%"
        ),
        Cite(f"MNIST에서는\n{m['conv1']}개였습니다"),
        Cite(f"책은 2장의 결과({pct(book_dense)}%)"),
        # definitions, not results: the pixels' range, chapter 2's batch size, a flattened image, the licence
        Cite("0~255 사이의 정수 픽셀을"),
        Cite("255로 나눠"),
        Cite("배치 크기 128"),
        Cite(f"길이 {28 * 28}의 벡터"),
        Cite("CC BY-SA 3.0 라이선스"),
        Cite(
            f"(시드 {weights['run']['seed']}, 훈련 이미지 {weights['run']['train_size']:,}개, "
            f"{weights['run']['epochs']} 에포크, TensorFlow)",
            weights["run"]["backend"] == "tensorflow",
            "the explorer's weights come from the page's own recipe on TensorFlow",
        ),
        Cite(f"테스트 이미지 {weights['test']['images']:,}개 가운데\n{weights['test']['correct']:,}개를 맞힙니다"),
    ]


def convolution() -> list[Cite]:
    """5.1.1: the small-data measurement, the shift spread, the data's ink, the layers' arithmetic."""
    m = model_facts()
    small = summary()["ranges"]["small_data"]
    q = small["quantities"]
    diff = q["convnet_minus_dense"]
    shift = {k: measured_range("convnet_dense", k) for k in ("cnn_shift_0", "cnn_shift_2", "cnn_shift_6")}
    shift |= {k: measured_range("convnet_dense", k) for k in ("dense_shift_0", "dense_shift_2", "dense_shift_6")}
    margin = summary()["ranges"]["convnet_dense"]["quantities"]["shift_margin_min"]
    cpu, gpu = summary()["timings"]["cpu"], summary()["timings"]["gpu"]
    ink = stored_number("5_1_1_convolution", "ink_lost = ", r"6픽셀 옮기면 잉크의 ([\d.]+%)")
    pooled = stored("5_1_2_max_pooling", "same_pool = similarity(")
    pool1, pool2 = (re.search(rf"{dx}픽셀: 합성곱 [\d.]+, 풀링 뒤 ([\d.]+)", pooled).group(1) for dx in (1, 2))
    return [
        Cite(
            f"컨브넷이 약 {cpu['convnet_fit_seconds']:.0f}초, 완전 연결\n네트워크가 약 {cpu['dense_fit_seconds']:.0f}초"
        ),
        Cite(f"GPU(NVIDIA H200)에서는 컨브넷이 약 {gpu['convnet_fit_seconds']:.0f}초"),
        Cite(f"파라미터는 {m['conv1']}개뿐이지만"),
        Cite(f"첫 층은 {m['dense_first']:,}개입니다"),
        Cite(f"훈련 이미지 {small['train_size']:,}개로 {small['epochs']} 에포크씩, 시드 {diff['n_seeds']}개로"),
        Cite(
            f"평균 컨브넷 {pct(q['convnet_test_acc']['mean'])}%, 완전 연결 네트워크 {pct(q['dense_test_acc']['mean'])}%"
        ),
        Cite(f"{diff['n_seeds']}개 시드 가운데 {diff['n_positive']}개에서 컨브넷이 더 정확했고"),
        Cite(f"평균 {pp(diff['mean'])}%p(시드에 따라 {pp(diff['min'])}~{pp(diff['max'])}%p)"),
        Cite(
            f"{diff['n_seeds']}번 가운데 {diff['n_positive']}번 이상",
            beyond_spread(diff["n_positive"], diff["n_seeds"]),
            "the convnet's lead is beyond the seeds' spread by the course's rule",
        ),
        Cite(f"정확도는 {pct(shift['dense_shift_0'].mean)}%에서 {pct(shift['dense_shift_2'].mean)}%로"),
        Cite(f"{pct(shift['cnn_shift_0'].mean)}%에서 {pct(shift['cnn_shift_2'].mean)}%로\n조금만"),
        Cite(
            f"{margin['n_seeds']}개 시드 모두에서, 1픽셀부터 6픽셀까지",
            all_seeds(margin["n_positive"], margin["n_seeds"]),
            "the convnet leads at every shift in every seed",
        ),
        Cite(f"평균 {pct(shift['cnn_shift_6'].mean)}%까지"),
        Cite(f"완전 연결 네트워크는 {pct(shift['dense_shift_6'].mean)}%로"),
        Cite(f"평균 {ink}뿐입니다"),
        Cite(f"상관계수가 {pool1}로 떨어지고,\n2픽셀이면 {pool2}이"),
        Cite(
            "드뭅니다(1%도 안 됩니다)",
            sign_test_chance(diff["n_positive"], diff["n_seeds"]) < 0.01,
            "a coin lands the same way this often in fewer than 1% of tries",
        ),
        Cite(f"테스트 숫자 {TEST_IMAGES:,}개를"),
        Cite("아무렇게나 고르는 10%", True, "ten classes: chance is one in ten"),
        Cite("테스트 숫자\n500개", code_has("5_1_1_convolution", "sample = x_test[:500]"), "the cell takes 500 digits"),
        Cite("테스트 이미지 256장", code_has("5_1_1_convolution", "batch = x_test[:256]"), "the cell takes 256 images"),
        # definitions, not results: chapter 2's batch size, the pixels of an image
        Cite("배치 크기 128"),
        Cite(f"입력 픽셀 {28 * 28}개"),
    ]


def max_pooling() -> list[Cite]:
    """5.1.2: the settings, the pooling geometry, the no-pooling model's size, the book-budget results."""
    from utils.models import build_convnet, build_convnet_base, build_no_pooling_base, build_no_pooling_model
    from utils.receptive_fields import receptive_field
    from utils.settings import BUDGETS

    m = model_facts()
    book, grid = summary()["book_budget"], summary()["budget_grid"]
    rows = {row["name"]: row for row in book["rows"]}
    claims = book["claims"]
    cpu, book_settings = BUDGETS["cpu"], BUDGETS["book"]
    no_pool = build_no_pooling_model(dense_units=512)
    flat, dense512 = int(no_pool.layers[3].output.shape[-1]), no_pool.layers[4].count_params()
    strided = build_convnet("strided").count_params()
    rf_no_pool, rf_max = receptive_field(build_no_pooling_base()), receptive_field(build_convnet_base())
    pooled = stored("5_1_2_max_pooling", "same_pool = similarity(")
    sim = {dx: re.search(rf"{dx}픽셀: 합성곱 ([\d.]+), 풀링 뒤 ([\d.]+)", pooled).groups() for dx in (1, 3)}
    shift = {dx: measured_range("convnet_dense", f"cnn_shift_{dx}").mean for dx in (1, 2, 3)}
    chosen = next(r for r in grid["rows"] if r["budget"] == grid["chosen"])
    per_seed = book["per_seed"]
    max_vs_no_pool = [
        per_seed["max"]["test_acc"][s] - per_seed["no_pool"]["test_acc"][s] for s in per_seed["max"]["test_acc"]
    ]
    seconds = {n: rows[n]["seconds_per_epoch_mean"] for n in ("no_pool", "max")}

    overfit, avg, strided_claim, dense_claim = (
        claims[c] for c in ("no_pool_overfits_more", "max_beats_avg", "max_beats_strided", "convnet_beats_dense")
    )
    acc = {n: pct(rows[n]["test_acc_mean"], 2) for n in rows}

    def pp_(name: str, metric: str = "gap") -> str:
        return f"{100 * rows[name][f'{metric}_mean']:.2f}"

    return [
        Cite(f"훈련 이미지 {N_TRAIN:,}개, {book_settings.epochs} 에포크, 시드 {len(book_settings.seeds)}개"),
        Cite(f"훈련 이미지 {cpu.train_size:,}개, {cpu.epochs} 에포크, 시드 {len(cpu.seeds)}개"),
        Cite(f"학습되는 파라미터 | {m['conv1']}개"),
        Cite("테스트 숫자 200개를", code_has("5_1_2_max_pooling", "test_images[:200"), "the cell takes 200 digits"),
        Cite(f"시드 {measured_range('convnet_dense', 'cnn_shift_1').n_seeds}개의 평균"),
        Cite(
            f"상관계수 {sim[1][1]}). 다만 합성곱 출력({sim[1][0]})보다는",
            float(sim[1][1]) > float(sim[1][0]),
            "after a 1-pixel shift the pooled map is closer to the original than the convolution's",
        ),
        Cite(f"3픽셀이면 풀링 뒤에도 {sim[3][1]}입니다"),
        Cite(f"1픽셀에서 {pct(shift[1])}%, 2픽셀에서 {pct(shift[2])}%, 3픽셀에서 {pct(shift[3])}%"),
        Cite(f"7×7 영역(이미지 면적의 {100 * rf_no_pool**2 / 784:.0f}%)", rf_no_pool == 7, "no pooling: 7 pixels"),
        Cite(f"18×18 영역(면적의 {100 * rf_max**2 / 784:.0f}%)", rf_max == 18, "the 5.1 model: 18 pixels"),
        Cite(f"원소는 {flat:,}개이고, `Dense(512)` 층 하나의 가중치가 {dense512:,}개(약 {dense512 // 10_000:,}만 개)"),
        Cite(
            f"모델 전체로는 {no_pool.count_params():,}개로, 5.1절 모델(파라미터 {m['total']:,}개)의 약 "
            f"{no_pool.count_params() / m['total']:.0f}배"
        ),
        Cite(f"파라미터가 {strided:,}개(최대 풀링 모델 {m['total']:,}개)"),
        Cite("배치 크기 128"),
        Cite(f"책의 설정(훈련 이미지 {N_TRAIN:,}개, {book_settings.epochs} 에포크)으로 다섯 모델을"),
        Cite(
            "시드 하나에도 10분이 넘게",
            book["minutes_per_seed"] > 10,
            "a seed at the book's budget takes over 10 minutes",
        ),
        Cite(f"책의 설정으로 시드\n{len(book['seeds'])}개씩 훈련해 저장해 둔 결과"),
        Cite(f"훈련 이미지 앞쪽 {cpu.gap_images:,}개"),
        Cite(f"Intel Xeon)에서 약 {chosen['seconds']:.0f}초"),
        Cite(
            "3분 안에 끝나도록",
            chosen["slow_seconds"] <= grid["limit_seconds"] == 180,
            "the chosen budget fits 3 minutes on the slower machine",
        ),
        Cite(
            f"(훈련 이미지 {N_TRAIN:,}개 전부, {book['recipe']['epochs']} 에포크, "
            f"배치 크기 {book['recipe']['batch_size']})"
        ),
        Cite(f"시드 {len(book['seeds'])}개씩 훈련해 결과를 저장해\n두었습니다"),
        Cite(f"시드 하나에 약 {book['minutes_per_seed']:.0f}분"),
        Cite(f"시드 {len(book['seeds'])}개의 평균"),
        Cite(f"시드 {len(book['seeds'])}개 모두에서 앞서면"),
        Cite(
            f"풀링 없는 모델이 평균 {pp_('no_pool')}%p, 최대 풀링 모델이\n{pp_('max')}%p였고, 시드 "
            f"{overfit['n_seeds']}개 모두에서",
            overfit["verdict"] == "ahead",
            "no pooling overfits more, beyond the seeds' spread",
        ),
        Cite(f"(시드마다 {pp(overfit['min'], 2)}~{pp(overfit['max'], 2)}%p)"),
        Cite(
            f"평균 {acc['no_pool']}%로 최대 풀링 모델({acc['max']}%)보다 "
            f"{100 * (rows['max']['test_acc_mean'] - rows['no_pool']['test_acc_mean']):.2f}%p 낮을\n뿐이고, 시드 "
            f"{len(max_vs_no_pool)}개 가운데 {sum(d > 0 for d in max_vs_no_pool)}개에서만",
            not beyond_spread(sum(d > 0 for d in max_vs_no_pool), len(max_vs_no_pool)),
            "the 5.1 model's lead over no pooling in test accuracy is within the seeds' spread",
        ),
        Cite(
            f"평균 풀링 모델이 오히려 평균 {pp(-avg['mean'], 2)}%p 높았고"
            f"({acc['avg']}% 대 {acc['max']}%), 시드 "
            f"{avg['n_seeds']}개 가운데 {avg['n_positive']}개에서는 최대 풀링 모델이, "
            f"{avg['n_seeds'] - avg['n_positive']}개에서는",
            avg["verdict"] == "undecided" and avg["mean"] < 0,
            "max pooling does not beat average pooling here; average pooling is ahead on average",
        ),
        Cite(
            f"최대 풀링 모델이 평균 {pp(strided_claim['mean'], 2)}%p 높았지만"
            f"({acc['max']}% 대 {acc['strided']}%) 시드 "
            f"{strided_claim['n_seeds']}개 가운데\n{strided_claim['n_positive']}개에서만",
            strided_claim["verdict"] == "undecided",
            "max pooling's lead over strided convolutions is within the seeds' spread",
        ),
        Cite(
            f"시드 {dense_claim['n_seeds']}개 모두에서\n성립했습니다(평균 {pp(dense_claim['mean'], 2)}%p)",
            dense_claim["verdict"] == "ahead",
            "the convnet beats the dense network at the book's budget",
        ),
        Cite(
            f"파라미터가 {rows['no_pool']['params']:,}개로 최대 풀링 모델({rows['max']['params']:,}개)의 약\n"
            f"{rows['no_pool']['params'] / rows['max']['params']:.0f}배"
        ),
        Cite(
            f"에포크 하나에 평균 약 {seconds['no_pool']:.0f}초가 걸려 최대 풀링 모델(약 {seconds['max']:.0f}초)의 약 "
            f"{seconds['no_pool'] / seconds['max']:.0f}배"
        ),
        Cite(
            "수용 영역도 7×7로, 최대 풀링 모델의 18×18보다",
            (rf_no_pool, rf_max) == (7, 18),
            "the receptive fields of the two models",
        ),
        Cite(f"가중치가 {dense512:,}개였습니다"),
        Cite("\\times 512 + \\underbrace{512}", dense512 == flat * 512 + 512, "Dense(512) on the flattened map"),
        Cite(f"길이 {28 * 28}의 벡터"),
        Cite(f"테스트 이미지({TEST_IMAGES:,}개)"),
        Cite("CC BY-SA 3.0 라이선스"),
    ]


UNDECIDED = ("max_beats_avg", "max_beats_strided")


def harmless_outside() -> list[tuple[str, str, tuple[int, int], bool]]:
    """Where an unscaled input (benchmarks.seed_spread.HARMLESS) left a band: (breakage, quantity, settings, below)."""
    from bands import band, load_spread, settings_of

    from benchmarks.seed_spread import HARMLESS

    found = []
    for job in load_spread()["jobs"].values():
        experiment, backend, n_train, epochs = settings_of(job)
        for name, quantities in job.get("breakages", {}).items():
            for quantity, q in quantities.items():
                if name not in HARMLESS or not quantity.endswith("_acc"):
                    continue
                limits = band(experiment, quantity, backend=backend, n_train=n_train, epochs=epochs)
                found += [
                    (name, quantity, (n_train, epochs), v < limits.low)
                    for v in q["per_seed"].values()
                    if not limits.contains(v)
                ]
    return found


def appendix() -> list[Cite]:
    """The appendix: the spread, the rule, the budget grid and the book-budget job, as measured."""
    from bands import SIGMAS, band, find_job

    from benchmarks.budget_grid import VALIDATION_IMAGES
    from utils.settings import BUDGETS
    from utils.stats import LEVEL, needed_leads

    conv = measured_range("convnet_dense", "convnet_test_acc")
    drop = summary()["ranges"]["convnet_dense"]["quantities"]["error_drop"]
    diff = summary()["ranges"]["small_data"]["quantities"]["convnet_minus_dense"]
    grid, book = summary()["budget_grid"], summary()["book_budget"]
    no_pool = next(r for r in book["rows"] if r["name"] == "no_pool")
    full_job = find_job("convnet_dense", "tensorflow", N_TRAIN, 5)
    half = {q: v["per_seed"]["0"] for q, v in full_job["breakages"]["half_labels_shuffled"].items()}
    misaligned = {q: v["per_seed"]["0"] for q, v in full_job["breakages"]["labels_misaligned"].items() if "_acc" in q}
    full_test, full_train = (
        band("convnet_dense", q, backend="tensorflow", n_train=N_TRAIN, epochs=5)
        for q in ("convnet_test_acc", "convnet_train_acc")
    )
    cpu_max = measured_range("pooling", "max_test_acc")
    cpu = BUDGETS["cpu"]
    cpu_job = find_job("pooling", "tensorflow", cpu.train_size, cpu.epochs)
    cpu_seed0 = cpu_job["quantities"]["max_test_acc"]["per_seed"]["0"]
    epoch = {k: no_pool[f"seconds_per_epoch_{k}"] for k in ("min", "max")}
    rows = {r["budget"]: r for r in grid["rows"]}
    fitting = [r["budget"] for r in grid["rows"] if r["slow_seconds"] <= grid["limit_seconds"]]
    chosen = rows[grid["chosen"]]

    def acc(budget: str) -> str:
        return f"{100 * rows[budget]['max_val_acc']:.2f}%"

    def label(budget: str) -> str:
        images, epochs = map(int, budget.split("x"))
        return f"{images:,}×{epochs}"

    def leads(claim: str) -> str:
        found = book["claims"][claim]
        return f"{found['n_positive']}/{found['n_seeds']}"

    return [
        Cite(f"시드 {conv.n_seeds}개를 잰 결과"),
        Cite(f"최대 {summary()['convnet_setup_shift']:.4f}만큼"),
        Cite(f"100번에 {round(100 * LEVEL)}번도"),
        Cite("시드가 4개 이하이면", needed_leads(4) is None and needed_leads(5) == 5, "4 seeds never decide; 5 can"),
        Cite(
            f"시드 {drop['n_seeds']}개 모두에서 완전 연결 네트워크보다",
            all_seeds(drop["n_positive"], drop["n_seeds"]),
            "5.1: the convnet's error rate is lower in every seed",
        ),
        Cite(
            f"{diff['n_seeds']}개 가운데 {diff['n_positive']}개에서 앞섰습니다. "
            f"둘 다 기준({needed_leads(diff['n_seeds'])}개 이상)",
            beyond_spread(diff["n_positive"], diff["n_seeds"]),
            "5.1.1's small-data lead is beyond the seeds' spread",
        ),
        Cite(f"가장 큰 값({grid['slow_factor']}배"),
        Cite(f"훈련 이미지 {N_TRAIN:,}개 가운데 마지막 {VALIDATION_IMAGES:,}개"),
        Cite("3분 안에 끝나야", grid["limit_seconds"] == 180, "the limit is 3 minutes"),
        Cite(f"3분 안에 끝나는 분량은 {', '.join(label(b) for b in fitting)}이었고"),
        Cite(f"{label(grid['chosen'])}(시드 {chosen['n_seeds']}개 평균 {acc(grid['chosen'])})를 골랐습니다"),
        Cite(f"빠른 CPU에서 약 {chosen['seconds']:.0f}초, 느린 CPU에서 약 {chosen['slow_seconds']:.0f}초"),
        Cite(
            f"(15,000×3은 {acc('15000x3')}) 느린 CPU에서 3분을 넘습니다",
            rows["15000x3"]["slow_seconds"] > grid["limit_seconds"]
            and rows["15000x3"]["max_val_acc"] > chosen["max_val_acc"],
            "a longer budget is more accurate but too slow",
        ),
        Cite(
            f"15,000×2보다 낮았습니다({acc('30000x1')})",
            rows["30000x1"]["max_val_acc"] < rows["15000x2"]["max_val_acc"],
            "one epoch of 30,000 images is less accurate than two of 15,000",
        ),
        Cite(
            f"(훈련 이미지 {N_TRAIN:,}개, {book['recipe']['epochs']} 에포크, 배치 크기 {book['recipe']['batch_size']})"
        ),
        Cite(f"시드 {len(book['seeds'])}개씩 훈련한 결과"),
        Cite(f"시드 {len(book['seeds'])}개로 저장해 둔 결과"),
        Cite("느린 CPU에서 3분 안에 끝나는 분량 가운데"),
        Cite(f"{label('30000x1')}은 이미지를 두 배로"),
        Cite(
            f"시드가 {len(book['seeds'])}개이면 {needed_leads(len(book['seeds']))}개 모두여야",
            needed_leads(len(book["seeds"])) == len(book["seeds"]),
            "at the book budget's seed count, only every seed decides",
        ),
        *(
            Cite(f"{text}({leads(claim)})", book["claims"][claim]["verdict"] == verdict, f"{claim}: {verdict}")
            for claim, text, verdict in (
                ("no_pool_overfits_more", "최대 풀링 모델보다 컸다는 것", "ahead"),
                ("convnet_beats_dense", "완전 연결 네트워크보다 정확했다는 것", "ahead"),
                ("max_beats_avg", "평균 풀링보다", "undecided"),
                ("max_beats_strided", "스트라이드 합성곱보다", "undecided"),
            )
        ),
        Cite(
            "시드에 따라 부호가 바뀌는",
            all(book["claims"][c]["min"] < 0 < book["claims"][c]["max"] for c in UNDECIDED),
            "the two undecided differences change sign across seeds",
        ),
        Cite(f"표준편차의 {SIGMAS}배를 뺀 값"),
        Cite(
            f"시드 {cpu_max.n_seeds}개로 훈련해 보니 테스트 정확도는 평균 {100 * cpu_max.mean:.2f}%였고, 시드에 따라 "
            f"{100 * cpu_max.lowest:.2f}%에서 {100 * cpu_max.highest:.2f}%까지"
        ),
        Cite(f"기본 시드 0은 {100 * cpu_seed0:.2f}%입니다", cpu_seed0 >= 0.97, "the page's seed reaches 97%"),
        Cite(
            "이보다 정확한 것은 없었습니다",
            all(r["max_val_acc"] <= chosen["max_val_acc"] for r in grid["rows"] if r["budget"] in fitting),
            "no budget that fits 3 minutes beats the chosen one on the validation split",
        ),
        Cite(f"풀링 없는 모델의 에포크 하나가 {epoch['min']:.0f}\\~{epoch['max']:.0f}초"),
        Cite("255로 나누지 않은 입력도"),
        Cite(
            "테스트 이미지만 나누지 않았을 때는 모든 값이 기준 안에",
            not any(h == "test_unscaled" for h, *_ in harmless_outside()),
            "the test images left unscaled stay inside every band",
        ),
        Cite(
            "완전 연결 네트워크만 5.1.2절의 짧은 훈련에서 기준보다 조금 낮았습니다",
            {(h, q, low) for h, q, _, low in harmless_outside()} == {("unscaled", "dense_test_acc", True)}
            and {s for _, _, s, _ in harmless_outside()} == {(cpu.train_size, cpu.epochs)},
            "unscaled pixels: only the dense network's test accuracy at the CPU budget leaves its band, below it",
        ),
        Cite(f"테스트 정확도는 {half['convnet_test_acc']:.4f}으로"),
        Cite(f"정상 범위({full_test.lowest:.4f}\\~{full_test.highest:.4f})"),
        Cite(
            f"기준(아래 한계 {full_test.low:.4f}) 안에 들어옵니다",
            full_test.contains(half["convnet_test_acc"]),
            "half the labels shuffled: the test accuracy inside the band",
        ),
        Cite(f"훈련 정확도는 {half['convnet_train_acc']:.4f}로"),
        Cite(
            f"정상({full_train.lowest:.4f}\\~{full_train.highest:.4f})과 한참",
            not full_train.contains(half["convnet_train_acc"]),
            "the training accuracy on the labels it was given falls far outside",
        ),
        Cite(
            "우연 수준(0.1 안팎)",
            all(abs(v - 0.1) < 0.05 for v in misaligned.values()),
            "labels moved one along: every accuracy near chance",
        ),
        Cite("CC BY-SA 3.0 라이선스"),
    ]


#: chapter stem -> its entries (functions, so that nothing is computed at import)
CITED: dict[str, Callable[[], list[Cite]]] = {
    "5_1_intro_convnets": intro_convnets,
    "5_1_1_convolution": convolution,
    "5_1_2_max_pooling": max_pooling,
    "appendix_method": appendix,
}
