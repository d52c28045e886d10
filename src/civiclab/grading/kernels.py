"""Grading kernels that talk over Unix sockets in a private folder, not TCP ports.

Why: jupyter_client picks a kernel's five TCP ports by binding port 0, reading the
number and closing the socket; the kernel binds them about a second later, when
it has started.  Its ``LocalPortCache`` only stops two kernels *of one process*
from picking the same port.  Our ``--jobs N`` workers are separate processes, and
on a shared lab server the learners' own kernels pick ports at the same time, so
another process can take a port inside that window and the grading kernel dies
on start ("Address already in use"): the run retried once, then listed the
learner for review.  With the ``ipc`` transport each kernel's channels are socket
files named after its own folder (``<tmp>/civiclab-kernel-XXXX/kernel-ipc-1..5``),
a namespace no other process shares, so there is nothing to collide on.  The
folder is 0700 as well, so no other local user can reach the kernel at all.

nbgrader's ``Execute`` preprocessor hard-codes its kernel manager class (a keyword
argument, which wins over configuration), hence the small subclass below, named
in ``Autograde.autograde_preprocessors`` by ``civiclab.grading.config``.
Windows has no ``ipc`` transport: there it stays TCP.

``IpcKernelManager.sandbox`` (set by autograde through the traitlets config)
starts the kernel under bubblewrap instead; see ``civiclab.grading.sandbox``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Dict, Unicode, default

IPC = sys.platform != "win32"


class IpcKernelManager(AsyncKernelManager):
    """A kernel manager whose connection file and sockets live in a fresh 0700 folder."""

    sandbox = Dict(help="A civiclab.grading.sandbox plan (Sandbox.to_config); empty: no sandbox").tag(config=True)
    sandbox_mode = Unicode("none", help=(
        "grading_sandbox (auto|bwrap|none) for kernels started without a plan: nbgrader's own "
        "autograde, e.g. the formgrader's button.  Only kernels in autograded/ are sandboxed.")).tag(config=True)

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc" if IPC else "tcp"

    @default("connection_file")
    def _default_connection_file(self) -> str:
        # jupyter_client derives the ipc socket names from the connection file
        # ("<stem>-ipc-N"); left empty, they would be relative to the kernel's cwd.
        return os.path.join(tempfile.mkdtemp(prefix="civiclab-kernel-"), "kernel.json")

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        if not self.sandbox and self.sandbox_mode != "none":
            from civiclab.grading.sandbox import plan_for_workdir

            self.sandbox = plan_for_workdir(self.sandbox_mode, kw.get("cwd") or os.getcwd(), self.log)
        if self.sandbox:
            from civiclab.grading.sandbox import wrap_kernel

            kernel_cmd, kw = wrap_kernel(self, kernel_cmd, kw)
        await super()._async_launch_kernel(kernel_cmd, **kw)

    _launch_kernel = _async_launch_kernel

    carry_to = None  # (state folder, user) for a sandboxed kernel's ledger rows (grading.carry)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        folder = os.path.dirname(self.connection_file)
        if not restart and self.carry_to:
            from civiclab.grading.carry import carry_ledger

            carry_ledger(os.path.join(folder, "state"), *self.carry_to)
        if not restart and os.path.basename(folder).startswith("civiclab-kernel-"):
            shutil.rmtree(folder, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources


class IpcExecute(Execute):
    """nbgrader's Execute with :class:`IpcKernelManager`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", IpcKernelManager)
        super().__init__(*args, **kwargs)
