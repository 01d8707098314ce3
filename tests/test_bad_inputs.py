"""The bad-input corpus: every entry point refuses a bad input with a clear error naming the
field (or a documented warning), never a traceback, a hang or a silent acceptance.

One table, ``CASES``: each row is an entry point, a bad input, the exception (or warning) it
must raise and a pattern its message must match (the field's name). The entry points: the
parameters (``make_params``, ``SimParams``), the model (``SafeCityModel``, ``run_days``), city
files (``load_city``), the command lines' override keys (``safecity-run``,
``safecity-experiment``), the experiment's checks, the app's arguments and settings, and
``safecity-collect``. A few run the real command in a subprocess (``test_commands_refuse``).
docs/reliability.md states the size of the corpus; ``test_the_docs_state_the_corpus_size``
keeps the two equal.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hydra import compose, initialize_config_dir

from app import server as app_server
from app import state as app_state
from experiments import collect
from experiments.displacement import check_experiment
from experiments.run import CONFIG_DIR
from experiments.schema import (
    CONFIG_GROUPS,
    DisplacementConfig,
    RunConfig,
    check_config_keys,
    check_experiment_overrides,
    check_overrides,
    params_from_config,
    register,
)
from sim.model import SafeCityModel
from sim.params import SimParams
from sim.params.declare import ParamError, ParamWarning
from sim.params.experiment import ExperimentParams
from sim.presets import make_params
from sim.world.city import load_city

ROOT = Path(__file__).resolve().parent.parent
register()


@dataclass(frozen=True)
class Case:
    """One bad input: ``call(tmp_path)`` must raise ``error`` (or warn it, for a warning class)
    with a message matching ``names``."""

    entry: str
    what: str
    call: Callable[[Path], Any]
    names: str
    error: type[BaseException] = ParamError

    @property
    def id(self) -> str:
        return f"{self.entry}: {self.what}"


CASES: list[Case] = []


def case(entry: str, what: str, names: str, error: type[BaseException] = ParamError):
    def add(call: Callable[[Path], Any]) -> Callable[[Path], Any]:
        CASES.append(Case(entry, what, call, names, error))
        return call

    return add


# --- parameter values of every Python type -------------------------------------------------

BAD_WHOLE = {
    "a fraction": 1.5,
    "a text number": "3",
    "a boolean": True,
    "a numpy boolean": np.bool_(True),
    "None": None,
    "NaN": float("nan"),
    "infinity": float("inf"),
    "minus infinity": float("-inf"),
    "a complex number": 1 + 2j,
    "a numpy NaN": np.float64("nan"),
    "a list": [3],
    "a Decimal": Decimal("3"),
    "a Fraction one half": Fraction(1, 2),
    "an integer beyond any float": 10**400,
}
BAD_NUMBER = {
    "a text number": "0.5",
    "a boolean": False,
    "a numpy boolean": np.bool_(False),
    "None": None,
    "NaN": float("nan"),
    "infinity": float("inf"),
    "a numpy infinity": np.float32("inf"),
    "a complex number": 0.5 + 0j,
    "a numpy complex": np.complex128(1),
    "a dict": {"value": 0.5},
    "an integer beyond any float": 10**400,
}
BAD_FLAG = {"the number 1": 1, "the text 'yes'": "yes", "None": None, "the number 0.0": 0.0}
BAD_CHOICE = {"an unknown choice": "everywhere", "a number": 3, "None": None, "empty": ""}
OUT_OF_RANGE = {
    ("run", "seed"): [-1, 2**63, np.int64(-5)],
    ("run", "days"): [0, 36501, np.uint8(0)],
    ("population", "n_people"): [1.0, 1e30],
    ("surveillance", "sites_per_km2"): [-0.1, np.float32(-1)],
    ("surveillance", "view_radius_cells"): [-1, 10**20, np.int32(21)],
    ("city", "width_cells"): [4, 10**6],
    ("surveillance", "p_detect_lit"): [1.5, -0.1],
}


def _params(group: str, field: str, value: Any) -> Callable[[Path], Any]:
    return lambda _: make_params("town", {group: {field: value}})


for _field in (("run", "seed"), ("run", "days"), ("surveillance", "view_radius_cells")):
    for _what, _value in BAD_WHOLE.items():
        if _field != ("run", "seed") and _what in ("a Decimal", "a numpy NaN", "a list"):
            continue  # one field is enough for these
        case("make_params", f"{'.'.join(_field)} = {_what}", re.escape(".".join(_field)))(
            _params(*_field, _value)
        )
for _field in (("population", "n_people"), ("surveillance", "sites_per_km2")):
    for _what, _value in BAD_NUMBER.items():
        case("make_params", f"{'.'.join(_field)} = {_what}", re.escape(".".join(_field)))(
            _params(*_field, _value)
        )
for _what, _value in BAD_FLAG.items():
    case("make_params", f"surveillance.face_recognition = {_what}", "face_recognition")(
        _params("surveillance", "face_recognition", _value)
    )
for _what, _value in BAD_CHOICE.items():
    case("make_params", f"surveillance.placement = {_what}", "surveillance.placement")(
        _params("surveillance", "placement", _value)
    )
for (_group, _name), _values in OUT_OF_RANGE.items():
    for _value in _values:
        case("make_params", f"{_group}.{_name} = {_value!r} (out of range)", f"{_group}.{_name}")(
            _params(_group, _name, _value)
        )

# --- the Python API's arguments ------------------------------------------------------------

case("make_params", "an unknown preset", "preset")(lambda _: make_params("karachi"))
case("make_params", "a preset that is not text", "preset")(lambda _: make_params(3))
case("make_params", "overrides a list", "overrides")(lambda _: make_params("town", [1]))
case("make_params", "overrides a text", "overrides")(lambda _: make_params("town", "days=3"))
case("make_params", "a group None-valued field", "run.seed")(
    lambda _: make_params("town", {"run": {"seed": None}})
)
case("make_params", "a group a list", "'run'")(lambda _: make_params("town", {"run": [1]}))
case("make_params", "a group a number", "'city'")(lambda _: make_params("town", {"city": 3}))
case("make_params", "an unknown group", "'camera'")(
    lambda _: make_params("town", {"camera": {"n": 1}})
)
case("make_params", "an unknown field", "sites_per_km2")(
    lambda _: make_params("town", {"surveillance": {"sites_per_km": 1.0}})
)
case("make_params", "too few agents", "agent_scale")(
    lambda _: make_params("town", {"population": {"n_people": 100.0, "agent_scale": 50.0}})
)
case("SimParams.with_overrides", "None for the overrides mapping", "overrides")(
    lambda _: SimParams().with_overrides(3)
)
case("SimParams.with_overrides", "a group a text", "overrides\\['run'\\]")(
    lambda _: SimParams().with_overrides({"run": "days=3"})
)
case("SimParams.from_dict", "a list", "parameters")(lambda _: SimParams.from_dict([("run", {})]))
case("SimParams.from_dict", "a group a tuple", "'run'")(
    lambda _: SimParams.from_dict({"run": (1, 2)})
)
case("ParamGroup.from_dict", "a text", "'run'")(lambda _: SimParams().run.from_dict("seed=3"))
case("SafeCityModel", "params a dict", "params")(lambda _: SafeCityModel({"run": {"days": 1}}))
case("SafeCityModel", "params a preset name", "params")(lambda _: SafeCityModel("town"))
case("SafeCityModel", "city a path", "city")(lambda _: SafeCityModel(city="city.npz"))
case("SafeCityModel", "seed -1", "run.seed")(lambda _: SafeCityModel(seed=-1))
case("SafeCityModel", "seed a text", "run.seed")(lambda _: SafeCityModel(seed="3"))
case("SafeCityModel", "seed a fraction", "run.seed")(lambda _: SafeCityModel(seed=2.5))
case("SafeCityModel.from_preset", "an unknown preset", "preset")(
    lambda _: SafeCityModel.from_preset("atlantis")
)


def _small_model() -> SafeCityModel:
    return SafeCityModel(
        make_params("town", {"city": {"width_cells": 10, "height_cells": 10}, "run": {"days": 1}})
    )


case("run_days", "days -1", "days")(lambda _: _small_model().run_days(-1))
case("run_days", "days 1.5", "days")(lambda _: _small_model().run_days(1.5))
case("run_days", "days a text", "days")(lambda _: _small_model().run_days("2"))
case("run_days", "days True", "days")(lambda _: _small_model().run_days(True))
case("run_days", "progress a text", "progress")(lambda _: _small_model().run_days(0, "yes"))


def _late(overrides: dict) -> Callable[[Path], Any]:
    def run(_: Path) -> None:
        base = {"city": {"width_cells": 10, "height_cells": 10}, "run": {"days": 1}}
        params = make_params("town", {**base, **overrides})
        SafeCityModel(params).run_days()

    return run


case("run_days", "cameras installed after the run ends", "install_day", ParamWarning)(
    _late({"surveillance": {"placement": "arterial_commercial", "install_day": 5}})
)
case("run_days", "alternatives started after the run ends", "start_day", ParamWarning)(
    _late({"alternatives": {"lighting_floor": 0.5, "start_day": 3}})
)

# --- city files ----------------------------------------------------------------------------


def _good_layers(w: int = 4, h: int = 4) -> dict[str, Any]:
    land = np.ones((w, h), dtype=np.int8)
    land[0, 0] = 4
    return {
        "format_version": 1,
        "cell_size_m": 100.0,
        "land_use": land,
        "density": np.ones((w, h)),
        "lighting": np.full((w, h), 0.5),
        "district": np.zeros((w, h), dtype=np.int16),
    }


def _city(what: str, names: str, **change: Any) -> None:
    def call(tmp: Path) -> None:
        arrays = {k: v for k, v in {**_good_layers(), **change}.items() if v is not None}
        path = tmp / "city.npz"
        np.savez(path, **arrays)
        load_city(path)

    case("load_city", what, names)(call)


_city("format_version missing", "format_version", format_version=None)
_city("format_version 2", "format_version 2", format_version=2)
_city("format_version a vector", "format_version", format_version=np.array([1, 1]))
_city("format_version a text", "format_version", format_version=np.array("1"))
_city("cell_size_m a vector", "cell_size_m", cell_size_m=np.array([100.0, 100.0]))
_city("cell_size_m a 1x1 matrix", "cell_size_m", cell_size_m=np.ones((1, 1)))
_city("cell_size_m a text", "cell_size_m", cell_size_m=np.array("100"))
_city("cell_size_m 5", "cell_size_m", cell_size_m=5.0)
_city("cell_size_m NaN", "cell_size_m", cell_size_m=float("nan"))
_city("land_use 1-D", "land_use", land_use=np.ones(16, dtype=np.int8))
_city("density of another shape", "density", density=np.ones((4, 5)))
_city("lighting boolean", "lighting", lighting=np.ones((4, 4), dtype=bool))
_city("district text", "district", district=np.full((4, 4), "a"))
_city("density NaN", "density", density=np.full((4, 4), np.nan))
_city("lighting infinite", "lighting", lighting=np.full((4, 4), np.inf))
_city(
    "a 1 x 4 grid",
    "too small",
    **{k: v[:1] for k, v in _good_layers().items() if k != "format_version" and k != "cell_size_m"},
)
_city("land_use code 9", "land_use", land_use=np.full((4, 4), 9, dtype=np.int8))
_city("density negative", "density", density=-np.ones((4, 4)))
_city("density all zero", "density", density=np.zeros((4, 4)))
_city("lighting above 1", "lighting", lighting=np.full((4, 4), 1.5))
_city("district negative", "district", district=-np.ones((4, 4)))
_city("district fractional", "district", district=np.full((4, 4), 0.5))
_city("district numbers with a gap", "district numbers", district=np.full((4, 4), 2))
_city("no transit stop", "transit", land_use=np.ones((4, 4), dtype=np.int8))


def _wide_city(tmp: Path) -> None:
    w, h = 32768, 2
    land = np.ones((w, h), dtype=np.int8)
    land[0, 0] = 4
    layers = {"land_use": land, "density": np.ones((w, h), dtype=np.float32)}
    layers |= {"lighting": np.zeros((w, h), np.float32), "district": np.zeros((w, h), np.int16)}
    np.savez(tmp / "wide.npz", format_version=1, cell_size_m=100.0, **layers)
    load_city(tmp / "wide.npz")


case("load_city", "a grid wider than int16 coordinates allow", "too large")(_wide_city)
case("load_city", "a missing file", "does not exist")(lambda tmp: load_city(tmp / "nope.npz"))
case("load_city", "a folder", "not a regular file")(lambda tmp: load_city(tmp))
case("load_city", "a path None", "path")(lambda _: load_city(None))
case("load_city", "a path a number", "path")(lambda _: load_city(3))
case("load_city", "an empty path", "path")(lambda _: load_city(""))


def _fifo(tmp: Path) -> None:
    os.mkfifo(tmp / "city.npz")
    load_city(tmp / "city.npz")  # must not block


case("load_city", "a FIFO (must not hang)", "not a regular file")(_fifo)


def _file(name: str, data: bytes | Callable[[Path], None], what: str, names: str) -> None:
    def call(tmp: Path) -> None:
        path = tmp / name
        if callable(data):
            data(path)
        else:
            path.write_bytes(data)
        load_city(path)

    case("load_city", what, names)(call)


def _truncated(path: Path) -> None:
    save_city_file = path.with_suffix(".full.npz")
    np.savez_compressed(save_city_file, **_good_layers(20, 20))
    data = save_city_file.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _pickled(path: Path) -> None:
    np.savez(path, **_good_layers(), extra=np.array([{"a": 1}], dtype=object))


_file("city.npz", b"", "an empty file", "not a readable .npz archive")
_file("city.npz", b"land_use,density\n1,2\n", "a CSV text file", "not a readable .npz archive")
_file("city.npz", _truncated, "a truncated .npz", "not a readable .npz archive|cannot be read")
_file("city.npz", b"PK\x03\x04garbage", "a zip header then garbage", "not a readable .npz")
_file("city.npy", lambda p: np.save(p, np.ones((4, 4))), "a single .npy array", "single array")
_file("city.npz", _pickled, "an object (pickled) array", "cannot be read as numbers")


def test_a_text_file_as_a_city_gets_no_allow_pickle_hint(tmp_path):
    path = tmp_path / "city.txt"
    path.write_text("this is not a city\n" * 20)
    with pytest.raises(ParamError) as caught:
        load_city(path)
    assert "pickle" not in str(caught.value), f"a text file got a pickle hint: {caught.value}"


# --- command-line keys, in process ------------------------------------------------------------


def _run_keys(*lines: str) -> Callable[[Path], Any]:
    return lambda _: check_overrides(list(lines), RunConfig, CONFIG_GROUPS["config"])


for _line, _names in (
    ("+day=14", "'day'.*Did you mean days"),
    ("day=14", "'day'.*Did you mean days"),
    ("+anything=1", "'anything'"),
    ("+surveillance.foo=1", "surveillance.foo"),
    ("surveillance.sites_per_km=2", "Did you mean surveillance.sites_per_km2"),
    ("surveilance.placement=none", "surveilance.placement"),
    ("run.days=3", "run.days.*top-level"),
    ("run.seed=3", "run.seed.*top-level"),
    ("days.x=3", "days is a single value"),
    ("~seeds", "'seeds'"),
    ("+city.widthcells=9", "Did you mean city.width_cells"),
    ("policies=[safe_city]", "'policies'"),
    ("replicates=3", "Did you mean replicate"),
):
    case("safecity-run keys", _line, _names)(_run_keys(_line))
case("safecity-run keys", "an unparsable override", "overrides")(_run_keys("a b=="))


def _exp_keys(*lines: str) -> Callable[[Path], Any]:
    return lambda _: check_overrides(list(lines), DisplacementConfig, CONFIG_GROUPS["displacement"])


for _line, _names in (
    ("+replicates=3", "'replicates'"),
    ("experiment.replicate=3", "Did you mean experiment.replicates"),
    ("+experiment.foo=1", "experiment.foo"),
    ("policy=safe_city", "Did you mean policies"),
    ("days=3", "'days'"),
    ("costs.camera_rs=1", "costs.camera_rs"),
):
    case("safecity-experiment keys", _line, _names)(_exp_keys(_line))

for _line, _names in (
    ("days=3", "'days'.*before_days"),
    ("seed=3", "'seed'.*root_seed"),
    ("replicate=1", "'replicate'.*replicates"),
    ("policy=safe_city", "'policy'.*policies"),
    ("city=lahore", "'city'.*city="),
    ("+day=3", "'day'"),
    ("surveillance.foo=1", "surveillance.foo"),
    ("run.days=2", "run.days"),
    ("hydra.run.dir=x", "hydra.run.dir"),
    ("experiment=sweep_demo", "'experiment'"),
):
    case("experiment overrides", _line, _names)(
        lambda _, line=_line: check_experiment_overrides([line])
    )
case("experiment overrides", "a None entry", "overrides")(
    lambda _: check_experiment_overrides([None])
)
case("experiment overrides", "a text, not a list", "overrides")(
    lambda _: check_experiment_overrides("days=3")
)

# --- composed configs -------------------------------------------------------------------------


def _compose(name: str, *overrides: str):
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(config_name=name, overrides=list(overrides))


def _run_config(*overrides: str) -> Callable[[Path], Any]:
    def call(_: Path) -> None:
        cfg = _compose("config", *overrides)
        check_config_keys(cfg, RunConfig, CONFIG_GROUPS["config"])
        params_from_config(cfg)

    return call


for _ovs, _names in (
    (("+day=14",), "'day'"),
    (("+surveillance.foo=1",), "surveillance.foo"),
    (("replicate=-1",), "replicate = -1"),
    (("seed=-3", "replicate=0"), "seed = -3"),
    (("days=0",), "run.days"),
    (("surveillance.placement=everywhere",), "surveillance.placement"),
    (("population.agent_scale=1000",), "agent_scale"),
    (("surveillance.p_detect_lit=1.5",), "surveillance.p_detect_lit"),
    (("seed=-1",), "run.seed"),
):
    case("safecity-run config", " ".join(_ovs), _names)(_run_config(*_ovs))


case("safecity-run config", "city.file=/nonexistent/city.npz", "does not exist")(
    lambda _: SafeCityModel(params_from_config(_compose("config", "city.file=/no/city.npz")))
)


def _experiment(*overrides: str) -> Callable[[Path], Any]:
    def call(_: Path) -> None:
        from experiments.schema import set_fields

        cfg = _compose("displacement", *overrides)
        check_experiment(cfg)
        ExperimentParams.from_dict(set_fields(cfg.experiment))

    return call


for _ovs, _names in (
    (("policies=[]",), "policies = \\[\\]"),
    (("policies=[safe_city,nope]",), "unknown policy 'nope'"),
    (("policies=[safe_city,safe_city]",), "named twice"),
    (("n_jobs=0",), "n_jobs"),
    (("n_jobs=-2",), "n_jobs"),
    (('overrides=["days=3"]',), "'days'"),
    (('overrides=["+foo=1"]',), "'foo'"),
    (("+bogus=1",), "'bogus'"),
    (("experiment.replicates=0",), "experiment.replicates"),
    (("experiment.before_days=-1",), "experiment.before_days"),
):
    case("safecity-experiment config", " ".join(_ovs), _names)(_experiment(*_ovs))

# --- the app ----------------------------------------------------------------------------------


def _app_args(*argv: str) -> Callable[[Path], Any]:
    return lambda _: app_server.parse_args(list(argv))


for _argv, _names in (
    (("--port", "99999"), "--port"),
    (("--port", "-1"), "--port"),
    (("--port", "80x"), "--port"),
    (("--port", "1e3"), "--port"),
    (("--max-sessions", "0"), "--max-sessions"),
    (("--max-sessions", "-3"), "--max-sessions"),
    (("--max-sessions", "many"), "--max-sessions"),
    (("--session-minutes", "0"), "--session-minutes"),
    (("--session-minutes", "nan"), "--session-minutes"),
    (("--session-minutes", "inf"), "--session-minutes"),
    (("--host", ""), "--host"),
):
    case("safecity-app arguments", " ".join(_argv), _names, SystemExit)(_app_args(*_argv))


def _network_warning(host: str) -> Callable[[Path], Any]:
    def call(_: Path) -> None:
        text = app_server.network_warning(host)
        if text:
            warnings.warn(text, UserWarning, stacklevel=1)

    return call


for _host in ("0.0.0.0", "192.168.1.20", "::"):
    case("safecity-app arguments", f"--host {_host} (warned)", "anyone who can reach", UserWarning)(
        _network_warning(_host)
    )

for _settings, _names in (
    (app_state.Settings(policy="nope"), "unknown policy 'nope'"),
    (app_state.Settings(seed=-1), "run.seed"),
    (app_state.Settings(seed="3"), "run.seed"),
    (app_state.Settings().with_change(("surveillance", "sites_per_km2"), -1.0), "sites_per_km2"),
    (app_state.Settings().with_change(("surveillance", "placement"), "moon"), "placement"),
    (app_state.Settings().with_change(("policing", "share_on_patrol"), 2.0), "share_on_patrol"),
):
    case("app settings", repr(_settings)[:60], _names)(lambda _, s=_settings: s.params())

# --- collect ----------------------------------------------------------------------------------


def _fake_run(folder: Path, summary: Any = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".hydra").mkdir(exist_ok=True)
    frame = pd.DataFrame({"a": [1, 2]})
    for name in collect.RESULT_FILES:
        frame.to_parquet(folder / name)
    body = {"seed": 1, "incidents": {"n": 3}} if summary is None else summary
    (folder / "summary.json").write_text(json.dumps(body))
    (folder / "DONE").write_text("")


def _collect(prepare: Callable[[Path], None], *extra: str, stderr: str = "") -> Callable:
    """``safecity-collect`` on a prepared sweep folder must exit non-zero and name the job
    (the check's error is raised as ParamError with what was printed)."""

    def call(tmp: Path) -> None:
        sweep = tmp / "sweep"
        sweep.mkdir()
        prepare(sweep)
        import contextlib
        import io

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = collect.main([str(sweep), *extra])
        if code != 0:
            raise ParamError(f"exit {code}: {out.getvalue()} {err.getvalue()}")

    return call


def _two_jobs(sweep: Path) -> None:
    _fake_run(sweep / "job=a")
    jobs = {"jobs": [{"folder": "job=a", "overrides": []}, {"folder": "job=b", "overrides": []}]}
    (sweep / "jobs.json").write_text(json.dumps(jobs))


def _damaged(change: Callable[[Path], None]) -> Callable[[Path], None]:
    def prepare(sweep: Path) -> None:
        _fake_run(sweep / "job=a")
        change(sweep / "job=a")

    return prepare


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:20])


for _prep, _what, _names in (
    (_two_jobs, "a job of jobs.json never started", "never started.*job=b"),
    (_damaged(lambda f: (f / "events.parquet").unlink()), "events.parquet deleted", "events"),
    (_damaged(lambda f: _truncate(f / "residents.parquet")), "residents truncated", "residents"),
    (_damaged(lambda f: (f / "summary.json").write_text("[1, 2]")), "summary a list", "summary"),
    (
        _damaged(lambda f: (f / "summary.json").write_text('{"seed": "one"}')),
        "summary seed a text",
        "seed",
    ),
    (_damaged(lambda f: (f / "summary.json").write_text("{")), "summary cut short", "summary"),
    (_damaged(lambda f: (f / "summary.json").write_text("{}")), "summary without seed", "seed"),
    (_damaged(lambda f: (f / "DONE").unlink()), "a job without DONE", "incomplete.*job=a"),
    (
        _damaged(lambda f: [(f / "error.txt").write_text("boom"), (f / "DONE").unlink()]),
        "a failed job",
        "failed.*job=a",
    ),
):
    case("safecity-collect", _what, _names)(_collect(_prep))
case("safecity-collect", "a sweep folder that does not exist", "not a folder")(
    lambda tmp: _missing_sweep(tmp)
)
case("safecity-collect", "--out a folder", "--out")(
    _collect(lambda s: _fake_run(s / "job=a"), "--out", "/tmp")
)


case("collect.collect", "sweep_dir None", "sweep_dir")(lambda _: collect.collect(None))
case("collect.collect", "sweep_dir a file", "sweep_dir")(
    lambda tmp: collect.collect((tmp / "f.txt", (tmp / "f.txt").write_text("x"))[0])
)
case("app WorkshopModel", "settings a dict", "settings")(
    lambda _: app_state.WorkshopModel({"policy": "safe_city"})
)


def _missing_sweep(tmp: Path) -> None:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = collect.main([str(tmp / "nope")])
    if code != 0:
        raise ParamError(err.getvalue())


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", CASES, ids=lambda c: c.id)
def test_bad_input_is_refused_by_name(bad: Case, tmp_path, capsys):
    if issubclass(bad.error, Warning):
        with pytest.warns(bad.error) as caught:
            bad.call(tmp_path)
        text = " ".join(str(w.message) for w in caught)
    elif bad.error is SystemExit:  # argparse: exit 2 with the argument named on stderr
        with pytest.raises(SystemExit) as caught:
            bad.call(tmp_path)
        assert caught.value.code == 2, f"{bad.id}: exit code {caught.value.code}, expected 2"
        text = capsys.readouterr().err
    else:
        with pytest.raises(bad.error) as caught:
            bad.call(tmp_path)
        text = str(caught.value)
    assert re.search(bad.names, text, re.S), f"{bad.id}: the message does not name it:\n{text}"
    assert "Traceback" not in text, f"{bad.id}: a traceback instead of a message:\n{text}"


def test_numpy_integers_and_floats_are_numbers():
    params = make_params(
        "town",
        {
            "run": {"seed": np.int64(3), "days": np.uint16(2)},
            "population": {"n_people": np.float32(1000.0)},
            "surveillance": {"view_radius_cells": np.int8(2), "face_recognition": np.bool_(1)},
        },
    )
    assert params.run.seed == 3 and type(params.run.seed) is int, "numpy int64 is a whole number"
    assert params.population.n_people == 1000.0 and type(params.population.n_people) is float
    assert params.surveillance.face_recognition is True


COMMANDS = [
    ([sys.executable, "-m", "experiments.run", "+day=14"], "Did you mean days"),
    ([sys.executable, "-m", "experiments.run", "hydra.run.dir="], "hydra.run.dir.*current folder"),
    ([sys.executable, "-m", "experiments.displacement", "policies=[]"], "policies = \\[\\]"),
    ([sys.executable, "-m", "app.server", "--port", "99999"], "--port"),
]
"""The real commands, run sparingly (each is a Python start-up): they exit 2 naming the key."""


@pytest.mark.parametrize(("argv", "names"), COMMANDS, ids=[" ".join(c[0][2:]) for c in COMMANDS])
def test_commands_refuse(argv, names, tmp_path):
    proc = subprocess.run(
        argv,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, f"{argv} exited {proc.returncode}:\n{proc.stderr[-2000:]}"
    assert re.search(names, proc.stderr), f"{argv}: the message does not name it:\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "DONE").exists() and not (tmp_path / ".hydra").exists()


def corpus_size() -> int:
    """Every bad input of this module: the table and the real commands."""
    return len(CASES) + len(COMMANDS)


def test_the_docs_state_the_corpus_size():
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    stated = re.search(r"The corpus holds \*\*(\d+)\*\* bad inputs", text)
    assert stated, "docs/reliability.md should say 'The corpus holds **N** bad inputs'"
    assert int(stated.group(1)) == corpus_size(), (
        f"docs/reliability.md states {stated.group(1)} bad inputs; the corpus has "
        f"{corpus_size()}: update the doc"
    )
    assert corpus_size() >= 150, f"the corpus has {corpus_size()} cases: expected at least 150"
