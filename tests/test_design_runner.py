"""The design runner: chunks, resume with byte-identical results, parallel runs, Slurm arrays.

The Slurm path is tested as submitit's own tests do: with submitit's local and debug executors,
and with a fake ``sbatch`` on PATH that records its arguments and prints a job id.
"""

from __future__ import annotations

import os
import re
import stat
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from experiments import design_runner as runner
from sim.analysis.design import Settings, design_table, problem, sample

TINY = Settings(
    before_days=2,
    after_days=2,
    base={"city.width_cells": 30, "city.height_cells": 30, "population.n_people": 1500},
)
PARAMS = ["offending.k_camera", "policing.block_cells"]


def tiny_design(replicates: int = 1) -> pd.DataFrame:
    prob = problem(PARAMS)
    return design_table(sample("lhs", prob, 3, seed=1), prob["names"], replicates)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> bytes:
    """The outcomes of the tiny design run in this process in one go."""
    folder = tmp_path_factory.mktemp("reference")
    runner.prepare(folder, tiny_design(2), TINY, chunk_size=2)
    runner.run_local(folder, n_jobs=1, progress=False)
    runner.collect(folder)
    return (folder / runner.OUTCOMES).read_bytes()


def test_design_table_is_point_major_with_whole_number_fields_rounded():
    design = tiny_design(2)
    assert list(design.columns) == ["point", "replicate", *PARAMS]
    assert design[["point", "replicate"]].values.tolist() == [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
        [2, 0],
        [2, 1],
    ]
    assert pd.api.types.is_integer_dtype(design["policing.block_cells"]), "rounded for the model"


def test_rerun_skips_done_chunks_and_gives_byte_identical_outcomes(tmp_path, reference):
    runner.prepare(tmp_path, tiny_design(2), TINY, chunk_size=2)
    assert runner.n_chunks(tmp_path) == 3
    runner.run_chunk(tmp_path, 1)  # an interrupted run: only chunk 1 finished
    with pytest.raises(RuntimeError, match="2 of 3 chunks"):
        runner.collect(tmp_path)
    assert runner.pending(tmp_path) == [0, 2]
    done_before = runner.done_file(tmp_path, 1).read_text()
    markers = runner.run_local(tmp_path, n_jobs=1, progress=False)
    assert sorted(m["rows"] for m in markers) == [2, 2], "only the two pending chunks run"
    assert runner.done_file(tmp_path, 1).read_text() == done_before, "done chunk rerun"
    runner.collect(tmp_path)
    assert (tmp_path / runner.OUTCOMES).read_bytes() == reference, "resume changed the results"
    assert runner.run_local(tmp_path, n_jobs=1, progress=False) == [], "nothing left to run"


@pytest.mark.slow
def test_parallel_run_gives_the_same_bytes_as_one_process(tmp_path, reference):
    runner.prepare(tmp_path, tiny_design(2), TINY, chunk_size=2)
    runner.run_local(tmp_path, n_jobs=2, progress=False)
    runner.collect(tmp_path)
    assert (tmp_path / runner.OUTCOMES).read_bytes() == reference


def test_a_folder_holding_another_design_is_refused(tmp_path):
    runner.prepare(tmp_path, tiny_design(1), TINY, chunk_size=2)
    runner.prepare(tmp_path, tiny_design(1), TINY, chunk_size=2)  # the same: resumes
    with pytest.raises(ValueError, match="another design"):
        runner.prepare(tmp_path, tiny_design(2), TINY, chunk_size=2)


def test_a_failed_write_leaves_neither_the_file_nor_a_temporary(tmp_path):
    def fail(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        runner.durable_write(tmp_path / "chunk.parquet", fail)
    assert list(tmp_path.iterdir()) == [], "no partial file may stay behind"


def test_array_groups_respect_the_largest_array():
    assert runner.array_groups(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert runner.array_groups([], 3) == []


def test_submitit_debug_executor_runs_bundled_chunks(tmp_path, reference):
    submitit = pytest.importorskip("submitit")
    runner.prepare(tmp_path, tiny_design(2), TINY, chunk_size=2)
    executor = submitit.DebugExecutor(folder=tmp_path / ".submitit")
    jobs = runner.submit(tmp_path, executor, max_array_size=2)
    assert len(jobs) == 3, "one task per chunk"
    assert [job.result()["rows"] for job in jobs] == [2, 2, 2]
    runner.collect(tmp_path)
    assert (tmp_path / runner.OUTCOMES).read_bytes() == reference


@pytest.mark.slow
def test_submitit_local_executor_runs_chunks_in_separate_processes(tmp_path, reference):
    submitit = pytest.importorskip("submitit")
    runner.prepare(tmp_path, tiny_design(2), TINY, chunk_size=3)
    executor = submitit.LocalExecutor(folder=tmp_path / ".submitit")
    executor.update_parameters(timeout_min=10)
    jobs = runner.submit(tmp_path, executor, max_array_size=10)
    assert len(jobs) == 2
    assert sorted(job.result()["rows"] for job in jobs) == [3, 3]
    runner.collect(tmp_path)
    assert (tmp_path / runner.OUTCOMES).read_bytes() == reference


FAKE_SBATCH = """\
    #!/bin/sh
    # A recording sbatch: keeps its arguments and the script, prints a job id.
    n=$(ls "{record}" | grep -c 'args$' || true)
    n=$((n + 1))
    echo "$@" > "{record}/call$n.args"
    cp "$1" "{record}/call$n.sh"
    echo "Submitted batch job $((1000 + n))"
"""


@pytest.fixture
def fake_sbatch(tmp_path, monkeypatch) -> Path:
    """A fake ``sbatch`` first on PATH (and an ``srun``, by which submitit recognises a Slurm
    cluster); returns the folder of the records."""
    record, bin_dir = tmp_path / "sbatch_calls", tmp_path / "bin"
    record.mkdir()
    bin_dir.mkdir()
    for name, text in (("sbatch", FAKE_SBATCH.format(record=record)), ("srun", "#!/bin/sh\n")):
        script = bin_dir / name
        script.write_text(textwrap.dedent(text))
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return record


def test_slurm_submission_bundles_points_per_task_and_splits_large_arrays(tmp_path, fake_sbatch):
    """safecity-sensitivity on Slurm: 8 design rows, 3 per task, at most 2 tasks per array."""
    submitit = pytest.importorskip("submitit")
    from hydra import compose, initialize_config_dir

    from experiments.schema import CONFIG_DIR
    from experiments.sensitivity import executor, options, run

    overrides = [
        "tiny=true",
        "launcher=slurm",
        "wait=false",
        "slurm.partition=short",
        "slurm.max_array_size=2",
        "slurm.array_parallelism=1",
    ]
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        opts = options(compose(config_name="sensitivity", overrides=overrides))
    opts["chunk_size"] = 3
    out = tmp_path / "design"
    assert run(opts, out) is None, "submitted without waiting"
    design = pd.read_parquet(out / runner.DESIGN)
    assert len(design) == 8, "tiny Morris: 2 trajectories of 4 points"
    calls = sorted(fake_sbatch.glob("call*.sh"))
    arrays = [re.search(r"#SBATCH --array=0-(\d+)%(\d+)", c.read_text()) for c in calls]
    # 3 tasks at most 2 per array: an array of 2, then the last task (submitit submits a
    # single task as a plain job, without --array)
    assert [int(a.group(1)) + 1 if a else 1 for a in arrays] == [2, 1], "arrays of 2 and 1"
    assert int(arrays[0].group(2)) == 1, "array_parallelism is the %N limit"
    assert all("#SBATCH --partition=short" in c.read_text() for c in calls)
    tasks = sorted((out / ".submitit").glob("*_submitted.pkl"))
    chunks = sorted(submitit.helpers.DelayedSubmission.load(t).args[1] for t in tasks)
    assert chunks == [0, 1, 2], "every chunk submitted once"
    rows = [len(design.iloc[c * 3 : (c + 1) * 3]) for c in chunks]
    assert rows == [3, 3, 2], "each task bundles chunk_size design rows"
    assert isinstance(executor(opts, out), submitit.AutoExecutor)
