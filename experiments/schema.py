"""The Hydra structured-config schema, generated from the parameter dataclasses of sim/params/.

Each group of ``SimParams`` becomes a node whose fields are the group's fields, typed as in
``sim.params`` but defaulting to ``None``: ``None`` means "as the preset says", so a config file
or a command-line override changes only what it names. Types are checked by OmegaConf as the
config is composed; ranges, choices and combinations by ``SimParams`` when the run starts.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import secrets
from pathlib import Path
from typing import Any, Optional, get_type_hints

from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import DictConfig, OmegaConf

from sim.params import GROUPS, SimParams
from sim.params.costs import CostParams
from sim.params.declare import ParamError
from sim.params.experiment import ExperimentParams
from sim.params.policies import load_policy, policy_names, with_role
from sim.presets import make_params
from sim.world.streams import replicate_seed

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
"""The repository's ``configs/``, where every Hydra entry point finds its configs."""
RUN_GROUP = "run"  # filled from the top-level `seed`, `replicate` and `days`


def _overrides_node(group_cls: type) -> type:
    hints = get_type_hints(group_cls)
    fields = [
        (f.name, Optional[hints[f.name]], dataclasses.field(default=None))  # noqa: UP045
        for f in dataclasses.fields(group_cls)
    ]
    return dataclasses.make_dataclass(f"{group_cls.__name__}Overrides", fields)


GROUP_NODES = {name: _overrides_node(cls) for name, cls in GROUPS.items() if name != RUN_GROUP}

RunConfig = dataclasses.make_dataclass(
    "RunConfig",
    [
        ("preset", str, dataclasses.field(default="town")),
        ("seed", int, dataclasses.field(default=0)),
        # null: run `seed` as is; an integer: run the seed derived from (seed, replicate)
        ("replicate", Optional[int], dataclasses.field(default=None)),  # noqa: UP045
        ("days", int, dataclasses.field(default=7)),
        ("progress", bool, dataclasses.field(default=True)),
        *[
            (name, node, dataclasses.field(default_factory=node))
            for name, node in GROUP_NODES.items()
        ],
    ],
)


DEFAULT_POLICIES = with_role("experiment")

ExperimentNode = dataclasses.make_dataclass(
    "ExperimentNode",
    # a posterior of safecity-calibrate: each replicate runs one weighted draw of it
    [("parameter_draws", Optional[str], dataclasses.field(default=None))],  # noqa: UP045
    bases=(_overrides_node(ExperimentParams),),
)
CostNode = _overrides_node(CostParams)

DisplacementConfig = dataclasses.make_dataclass(
    "DisplacementConfig",
    [
        # set by the city group (configs/city/): `safecity-experiment city=lahore`
        ("preset", str, dataclasses.field(default="lahore_slice")),
        ("policies", list[str], dataclasses.field(default_factory=lambda: list(DEFAULT_POLICIES))),
        # None fields take ExperimentParams' defaults (sim/params/experiment.py)
        ("experiment", ExperimentNode, dataclasses.field(default_factory=ExperimentNode)),
        # None fields take CostParams' defaults (sim/params/costs.py)
        ("costs", CostNode, dataclasses.field(default_factory=CostNode)),
        ("overrides", list[str], dataclasses.field(default_factory=list)),
        ("n_jobs", int, dataclasses.field(default=2)),
        ("tiny", bool, dataclasses.field(default=False)),
        # the channel split (channels.csv): false skips its extra runs
        ("channels", bool, dataclasses.field(default=True)),
        # true adds the equal-budget alternatives (policy role equal_budget) to `policies`
        ("equal_budget", bool, dataclasses.field(default=False)),
    ],
)


def register() -> None:
    """Register the schemas with Hydra: ``schema`` for a run, ``displacement_schema`` for the
    displacement experiment."""
    store = ConfigStore.instance()
    store.store(name="schema", node=RunConfig)
    store.store(name="displacement_schema", node=DisplacementConfig)
    # The policy group comes from the registry (sim/params/policies.py): `policy=safe_city`.
    # A YAML file a user adds to configs/policy/ joins the group beside these.
    for name in policy_names():
        store.store(group="policy", name=name, node=load_policy(name), package="_global_")


def known_policies() -> list[str]:
    """The policies a config may name: the registry's, and any YAML file a user added to
    ``configs/policy/``."""
    added = {p.stem for p in (CONFIG_DIR / "policy").glob("*.yaml")}
    return sorted(set(policy_names()) | added)


def set_fields(node: DictConfig) -> dict[str, Any]:
    """The fields of a config node that are not ``None``."""
    return {k: v for k, v in OmegaConf.to_container(node, resolve=True).items() if v is not None}


def overrides_of(cfg: DictConfig) -> dict[str, dict[str, Any]]:
    """The parameter overrides a composed config sets: ``{group: {field: value}}``, without
    the fields left at ``None``, plus the run group from the top-level ``seed``, ``replicate``
    and ``days`` (the seed run is :func:`run_seed` of the first two)."""
    out: dict[str, dict[str, Any]] = {}
    for name in GROUP_NODES:
        node = OmegaConf.to_container(cfg[name], resolve=True)
        set_fields = {k: v for k, v in node.items() if v is not None}
        if set_fields:
            out[name] = set_fields
    out[RUN_GROUP] = {"seed": run_seed(cfg.seed, cfg.replicate), "days": cfg.days}
    return out


def run_seed(seed: int, replicate: int | None) -> int:
    """The seed a run uses: ``seed`` itself when ``replicate`` is ``None``, else the replicate
    seed derived from root ``seed`` (:func:`sim.world.streams.replicate_seed`).

    Raises:
        sim.params.ParamError: if the seed or the replicate is negative.
    """
    if replicate is None:
        return seed
    if seed < 0 or replicate < 0:
        raise ParamError(
            f"seed = {seed}, replicate = {replicate}: a replicate seed derives from a root seed "
            "and a replicate number that are both integers >= 0; set them so (or replicate=null)"
        )
    return replicate_seed(seed, replicate)


def params_from_config(cfg: DictConfig) -> SimParams:
    """Validated parameters of a composed config: its preset with its overrides on top.

    Raises:
        sim.params.ParamError: naming the field, the value and what is allowed.
    """
    return make_params(cfg.preset, overrides_of(cfg))


# --- refusing keys the schema does not have ---------------------------------------------------

CONFIG_GROUPS = {"config": ("city", "policy", "experiment"), "displacement": ("city",)}
"""The config groups (folders of configs/) each primary config selects from."""

POINTERS = {
    "run": "the run group is set by the top-level keys seed, replicate and days (e.g. days=2)",
}
"""Keys a user may plausibly write that are not keys, with where the setting really lives."""

EXPERIMENT_POINTERS = {
    "days": "a run's length is experiment.before_days + experiment.after_days",
    "seed": "the seeds derive from experiment.root_seed and experiment.replicates",
    "replicate": "the replicates are experiment.replicates",
    "progress": "the experiment shows no progress bars",
    "preset": "the city is chosen by city=<name> on the command line",
    "city": "the city is chosen by city=<name> on the command line, outside overrides",
    "policy": "the policies are chosen by policies=[...]",
    "experiment": "sweep presets belong to safecity-run -m",
    "run": "the run group is set by the experiment (see experiment.*)",
}
"""Keys refused inside the experiment's ``overrides`` list, with where the setting lives."""


def _unknown(key: str, known: list[str], where: str) -> ParamError:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]}?" if close else ""
    return ParamError(f"unknown key {key!r}{where}.{hint} Known keys: {', '.join(known)}")


def check_key(key: str, schema: type, groups: tuple[str, ...] = (), where: str = "") -> None:
    """Refuse a dotted config key that ``schema`` (a dataclass) does not declare, naming it and
    the nearest valid key. Hydra's own keys (``hydra...``) and config groups pass."""
    if key == "hydra" or key.startswith(("hydra.", "hydra/")) or key in groups:
        return
    top, _, rest = key.partition(".")
    if top in POINTERS and top not in {f.name for f in dataclasses.fields(schema)}:
        raise ParamError(f"unknown key {key!r}{where}: {POINTERS[top]}")
    fields = {f.name: f for f in dataclasses.fields(schema)}
    if top not in fields:
        known = list(dict.fromkeys([*fields, *groups]))
        nested = [f"{n}.{g.name}" for n, f in fields.items() if _is_node(f) for g in _node(f)]
        raise _unknown(key, known + nested if rest else known, where)
    if not rest:
        return
    if not _is_node(fields[top]):
        raise ParamError(f"key {key!r}{where}: {top} is a single value, it has no field {rest!r}")
    names = [g.name for g in _node(fields[top])]
    if rest not in names:
        raise _unknown(key, [f"{top}.{n}" for n in names], where)


def _is_node(f: dataclasses.Field) -> bool:
    return f.default_factory is not dataclasses.MISSING and dataclasses.is_dataclass(
        f.default_factory
    )


def _node(f: dataclasses.Field) -> tuple[dataclasses.Field, ...]:
    return dataclasses.fields(f.default_factory)


def check_overrides(lines: list[str], schema: type, groups: tuple[str, ...], where="") -> None:
    """Refuse command-line overrides (with or without ``+``) whose keys ``schema`` lacks.

    Raises:
        ParamError: naming the key and the nearest valid key.
    """
    if not isinstance(lines, list | tuple) or not all(isinstance(x, str) for x in lines):
        raise ParamError(f"overrides = {lines!r}: expected a list of key=value texts")
    try:
        parsed = OverridesParser.create().parse_overrides(list(lines))
    except Exception as e:  # Hydra's OverrideParseException and friends
        raise ParamError(f"overrides: {e}") from e
    for override in parsed:
        check_key(override.key_or_group, schema, groups, where)


def check_experiment_overrides(lines: list[str]) -> None:
    """Refuse, in the experiment's ``overrides`` list, unknown keys and keys the experiment
    sets itself (days, seed, the city, the policy), pointing at the right key."""
    where = " in overrides"
    check_overrides(lines, RunConfig, CONFIG_GROUPS["config"], where)
    for override in OverridesParser.create().parse_overrides(list(lines)):
        key = override.key_or_group
        top = key.partition(".")[0]
        if key in EXPERIMENT_POINTERS or (top in EXPERIMENT_POINTERS and top not in GROUP_NODES):
            raise ParamError(
                f"{override.key_or_group!r} cannot be set{where}: {EXPERIMENT_POINTERS[top]}"
            )
        if top == "hydra" or top.startswith("hydra/"):
            raise ParamError(f"{override.key_or_group!r} cannot be set{where}: give it outside")


def check_config_keys(cfg: DictConfig, schema: type, groups: tuple[str, ...] = ()) -> None:
    """Refuse keys of a composed config that ``schema`` lacks (added with ``+``, or by a
    config file), naming the key and the nearest valid key."""
    for key in cfg:
        if key == "hydra":
            continue
        check_key(str(key), schema, groups)
        node = cfg[key]
        if isinstance(node, DictConfig):
            for sub in node:
                check_key(f"{key}.{sub}", schema, groups)


# --- folder names ----------------------------------------------------------------------------

UNIQUE = f"{os.getpid()}-{secrets.token_hex(2)}"
"""This process's tag in default run folder names: two runs started in the same second differ."""


def job_dir_name(override_dirname: str) -> str:
    """A sweep job's folder name from its overrides, with path separators escaped so that the
    folder stays inside the sweep folder (``city.file=../x.npz`` -> ``city.file=..%2Fx.npz``)."""
    return str(override_dirname).replace("%", "%25").replace("/", "%2F").replace("\\", "%5C")


OmegaConf.register_new_resolver("safecity.unique", lambda: UNIQUE, use_cache=True, replace=True)
OmegaConf.register_new_resolver("safecity.job_dir", job_dir_name, replace=True)
