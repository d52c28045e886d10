"""Grading kernels on private Unix sockets (no TCP port race between processes)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no ipc transport on Windows")


def test_course_config_runs_kernels_on_unix_sockets():
    """The autograde step that runs the kernel is an IpcExecute, and nbgrader's other steps remain."""
    from nbgrader.converters import Autograde
    from traitlets.config import Config
    from traitlets.utils.importstring import import_item

    from civiclab.grading.config import configure
    from civiclab.grading.kernels import IpcExecute

    c = Config()
    configure(c, Path(__file__).parent)
    ours = [import_item(name) for name in c.Autograde.autograde_preprocessors]
    theirs = [k.__name__ for k in Autograde.class_traits()["autograde_preprocessors"].default()]
    executes = [k for k in ours if k.__name__.endswith("Execute")]
    assert len(executes) == 1 and issubclass(executes[0], IpcExecute)
    names = [k.__name__ for k in ours if not k.__module__.startswith("civiclab.")]
    assert names == theirs[1:]  # nbgrader's steps after Execute, in order


def test_kernel_channels_are_private_unix_sockets(tmp_path):
    from traitlets.config import Config

    from civiclab.grading.kernels import IpcExecute

    code = ("import os, json, stat, ipykernel.connect as k\n"
            "f = k.get_connection_file(); d = os.path.dirname(f)\n"
            "print(json.dumps({'info': json.load(open(f)), 'mode': oct(os.stat(d).st_mode & 0o777), 'cwd': os.getcwd()}))")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder = tmp_path / "learner"
    folder.mkdir()
    ex = IpcExecute(config=Config())
    ex.timeout = 60
    nb, _ = ex.preprocess(nb, {"metadata": {"path": str(folder)}})
    seen = json.loads(nb.cells[0].outputs[0]["text"])
    info = seen["info"]
    assert info["transport"] == "ipc"
    assert os.path.isabs(info["ip"]) and "civiclab-kernel-" in info["ip"]  # not relative to the cwd
    assert seen["mode"] == "0o700" and seen["cwd"] == str(folder)
    assert not os.path.exists(os.path.dirname(info["ip"]))  # removed when the kernel stopped
    assert list(folder.iterdir()) == []  # nothing left in the learner's folder
