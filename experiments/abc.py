"""ABC-SMC on the model with pyabc: priors, the simulator, the distance and a seeded sampler.

pyabc (the optional extra ``calibrate``: ``pip install -e '.[calibrate]'``) draws parameters
from the prior and then from perturbed earlier populations, and keeps those whose run lies
within a tolerance of the targets (:mod:`sim.analysis.targets`); each generation's tolerance is
a quantile of the previous generation's distances.

Reproducibility. pyabc's own multicore samplers reseed every worker from the operating system,
so two runs differ. :class:`SeededSampler` keeps pyabc's dynamic scheduling
(``MulticoreEvalParallelSampler``: workers take evaluation numbers from a shared counter, and
the accepted particles with the lowest numbers are kept) but seeds numpy's global generator,
which pyabc draws its proposals from, from ``(seed, generation, evaluation number)`` before each
evaluation; the model's own seed is drawn from that generator. Every evaluation is then a
function of its number alone, so the posterior is the same for any number of processes.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import random
import signal
from collections.abc import Mapping, Sequence
from ctypes import c_longlong
from typing import Any

import numpy as np

from sim.analysis import targets as tg
from sim.model import SafeCityModel
from sim.params.declare import ParamError
from sim.params.paths import plausible_ranges
from sim.presets import make_params

try:
    import pyabc
    from pyabc.sampler import MulticoreEvalParallelSampler
    from pyabc.sampler.multicorebase import get_if_worker_healthy
    from pyabc.sampler.util import get_mp_context
except ImportError as e:  # pragma: no cover - the extra is installed by `make test`
    raise ImportError("safecity-calibrate needs pyabc: pip install -e '.[calibrate]'") from e

DONE = "done"
MAX_SEED = 2**63 - 1


class RunModel:
    """The simulator pyabc calls: parameter values by dotted path -> target statistics.

    Args:
        city: a city preset.
        policy: a registered policy, or ``None`` (no cameras).
        overrides: fixed parameter values by dotted path, under the sampled ones.
        warmup_days: days run before the window.
        window_days: days measured.
    """

    def __init__(
        self,
        city: str,
        policy: str | None,
        overrides: Mapping[str, Any],
        warmup_days: int,
        window_days: int,
    ):
        self.city, self.policy, self.overrides = city, policy, dict(overrides)
        self.warmup_days, self.window_days = warmup_days, window_days

    def params(self, point: Mapping[str, Any], seed: int):
        """Validated parameters of a point, run with ``seed``."""
        days = self.warmup_days + self.window_days
        over = {**self.overrides, **point, "run.seed": int(seed), "run.days": days}
        return make_params(self.city, over, policy=self.policy)

    def run(self, point: Mapping[str, Any], seed: int) -> dict[str, float]:
        """Run a point with a seed and measure the targets."""
        params = self.params(point, seed)
        model = SafeCityModel(params)
        model.run_days()
        return tg.statistics(
            model.events.to_frame(),
            model.series(),
            model.resident_outcomes(),
            params,
            self.warmup_days,
        )

    def __call__(self, parameter: Mapping[str, Any]) -> dict[str, float]:
        # The run's seed comes from numpy's global generator, which SeededSampler has seeded
        # for this evaluation.
        seed = int(np.random.randint(0, MAX_SEED, dtype=np.int64))  # noqa: NPY002
        return self.run(dict(parameter), seed)


def check_parameters(paths: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The plausible range of each parameter to calibrate; ParamError for one without."""
    ranges = plausible_ranges()
    missing = [p for p in paths if p not in ranges]
    if missing:
        raise ParamError(
            f"cannot calibrate {missing}: a prior is the parameter's plausible range and these "
            f"declare none (or are unknown). Parameters with one: {', '.join(ranges)}"
        )
    if not paths:
        raise ParamError("no parameters to calibrate: give calibrate.parameters=[...]")
    return {p: ranges[p] for p in paths}


def prior(ranges: Mapping[str, tuple[float, float]]) -> pyabc.Distribution:
    """Uniform prior over each parameter's plausible range."""
    return pyabc.Distribution(
        **{p: pyabc.RV("uniform", lo, hi - lo) for p, (lo, hi) in ranges.items()}
    )


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Every target's weight (1 unless given); ParamError for an unknown target or bad weight."""
    names = [t.name for t in tg.TARGETS]
    unknown = [k for k in weights if k not in names]
    if unknown:
        raise ParamError(f"unknown targets {unknown} in weights: expected some of {names}")
    out = {n: float(weights.get(n, 1.0)) for n in names}
    bad = {k: w for k, w in out.items() if not (np.isfinite(w) and w >= 0)}
    if bad or not any(out.values()):
        raise ParamError(f"target weights must be finite and >= 0, not all 0; got {out}")
    return out


def distance(weights: Mapping[str, float]) -> pyabc.PNormDistance:
    """pyabc's Euclidean distance with fixed weights ``sqrt(w) / scale``: the same number as
    :func:`sim.analysis.targets.distance`."""
    return pyabc.PNormDistance(
        p=2,
        fixed_weights={t.name: float(np.sqrt(weights[t.name])) / t.scale for t in tg.TARGETS},
    )


def observed() -> dict[str, float]:
    """The targets' values, as pyabc's observed data."""
    return {t.name: t.value for t in tg.TARGETS}


def seed_evaluation(seed: int, t: int, particle_id: int) -> None:
    """Seed numpy's global generator and ``random`` for one evaluation of generation ``t``
    (the calibration sample before generation 0 is ``t = -1``)."""
    state = np.random.SeedSequence(seed, spawn_key=(t + 1, particle_id)).generate_state(4)
    # pyabc draws proposals from numpy's global generator: seeding it is the only handle.
    np.random.seed(state)  # noqa: NPY002
    random.seed(int(state[0]))


def _die_with_parent(parent: int) -> None:
    """Ask Linux to end this process when its parent ends (PR_SET_PDEATHSIG), so no worker
    runs on after the calibration is killed; elsewhere the loop's parent check does it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)


def _work(simulate_one, queue, n_eval, n_acc, n, all_accepted, sample_factory, seed, t, parent):
    """A worker: evaluate numbered particles until ``n`` are accepted (pyabc's loop, seeded)."""
    _die_with_parent(parent)
    sample = sample_factory()
    while n_acc.value < n and (not all_accepted or n_eval.value < n):
        if os.getppid() != parent:
            os._exit(1)
        with n_eval.get_lock():
            particle_id = n_eval.value
            n_eval.value += 1
        seed_evaluation(seed, t, particle_id)
        new_sim = simulate_one()
        sample.append(new_sim)
        if new_sim.accepted:
            with n_acc.get_lock():
                n_acc.value += 1
            queue.put((particle_id, sample))
            sample = sample_factory()
    queue.put(DONE)


class SeededSampler(MulticoreEvalParallelSampler):
    """pyabc's evaluation-parallel multicore sampler with every evaluation seeded by number.

    Args:
        n_procs: worker processes; 1 evaluates in this process.
        seed: the calibration's seed.
    """

    def __init__(self, n_procs: int, seed: int):
        super().__init__(n_procs=n_procs, daemon=True)
        self.seed = int(seed)

    def sample_until_n_accepted(
        self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False, ana_vars=None
    ):
        if self.n_procs == 1:
            return self._in_process(n, simulate_one, t, all_accepted)
        ctx = get_mp_context()
        n_eval, n_acc = ctx.Value(c_longlong), ctx.Value(c_longlong)
        queue = ctx.Queue()
        args = (
            simulate_one,
            queue,
            n_eval,
            n_acc,
            n,
            all_accepted,
            self._create_empty_sample,
            self.seed,
            t,
            os.getpid(),
        )
        procs = [ctx.Process(target=_work, args=args, daemon=True) for _ in range(self.n_procs)]
        for proc in procs:
            proc.start()
        results, n_done = [], 0
        try:
            while n_done < len(procs):
                val = get_if_worker_healthy(procs, queue)
                if val == DONE:
                    n_done += 1
                else:
                    results.append(val)
        finally:
            for proc in procs:
                if proc.is_alive() and n_done < len(procs):
                    proc.terminate()
                proc.join()
        # the accepted particles with the lowest numbers: every lower number was evaluated
        results.sort(key=lambda x: x[0])
        self.nr_evaluations_ = n_eval.value
        return self._merge([r[1] for r in results[:n]], n)

    def _in_process(self, n, simulate_one, t, all_accepted):
        chunks, chunk, particle_id = [], self._create_empty_sample(), 0
        while len(chunks) < n:
            seed_evaluation(self.seed, t, particle_id)
            particle_id += 1
            new_sim = simulate_one()
            chunk.append(new_sim)
            if new_sim.accepted:
                chunks.append(chunk)
                chunk = self._create_empty_sample()
        self.nr_evaluations_ = particle_id
        return self._merge(chunks, n)

    def _merge(self, chunks, n):
        sample = self._create_empty_sample()
        for chunk in chunks:
            sample += chunk
        if sample.n_accepted < n:
            sample.ok = False
        return sample


def run_abc(
    model: RunModel,
    ranges: Mapping[str, tuple[float, float]],
    weights: Mapping[str, float],
    *,
    population_size: int,
    generations: int,
    alpha: float,
    n_procs: int,
    seed: int,
    db_path: str,
) -> pyabc.History:
    """Run ABC-SMC and return its history.

    Generation 0 is the prior (tolerance infinite: every draw is kept); each later generation's
    tolerance is the ``alpha`` quantile of the previous generation's weighted distances
    (pyabc's ``QuantileEpsilon``); proposals perturb the previous population with pyabc's
    multivariate normal kernel. Stops after ``generations`` generations.
    """
    # the main process's draws (pyabc uses numpy's global generator there too)
    np.random.seed(np.random.SeedSequence(seed).generate_state(4))  # noqa: NPY002
    abc = pyabc.ABCSMC(
        model,
        prior(ranges),
        distance(weights),
        population_size=population_size,
        eps=pyabc.QuantileEpsilon(initial_epsilon=np.inf, alpha=alpha),
        sampler=SeededSampler(n_procs, seed),
    )
    abc.new(f"sqlite:///{db_path}", observed())
    with np.errstate(invalid="ignore"):  # pyabc subtracts the infinite first tolerances
        return abc.run(max_nr_populations=generations)
