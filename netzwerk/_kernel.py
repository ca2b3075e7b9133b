"""The report's kernels: started early, warmed with the report's imports, reused across cities, shut down quietly.

A report spends seconds before its first cell: the kernel process starts, then imports
netzwerk, matplotlib, networkit, igraph and leidenalg. :class:`ReportKernel` moves that work
out of the way:

* :func:`netzwerk.report.run_report` starts the kernel and sends it the imports
  (:data:`WARM_UP`) *first*, then checks the city's data and loads papermill in this process
  while the kernel imports on the other core;
* :func:`netzwerk.report.reproduce` keeps one kernel per worker process
  (:func:`process_kernel`, started by the pool's initializer :func:`start_worker` as the
  worker's first act) and runs its cities one after the other in it. Before each further
  city the kernel is reset to the state it had after the imports (:func:`restore`): user
  namespace emptied (``%reset -f``), warning filters and "already shown" marks, matplotlib
  settings and open figures, working folder, and the execution counter (so the stored
  notebook counts 1, 2, … as from a fresh kernel). Imported modules stay: that is the
  saving. A city whose run fails gets its kernel shut down; the next city starts a fresh
  one. When the worker exits, its idle kernel is killed (its notebooks are written).

This module imports nothing heavy (jupyter_client on first use, no pandas, no netzwerk.report),
so a worker's kernel starts before the worker has imported the report's libraries.

The kernel is this interpreter (``sys.executable``), whatever kernel spec is installed, and on
POSIX systems it talks over IPC sockets with a unique name, so parallel runs cannot collide on
TCP ports (papermill issue #511). Shutting down does not interrupt an idle kernel first (which
jupyter_client 8 does, and ipykernel then logs ``KeyboardInterrupt caught in kernel`` on a run
that succeeded).
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import Any

__all__: list[str] = []

#: Code run silently in a new kernel: the modules every report imports, nothing in the
#: user namespace. Afterwards the state a reused kernel is reset to is recorded.
WARM_UP = """
def _netzwerk_warm_up():
    import importlib
    from netzwerk.brokers._paths import _networkit

    _networkit()  # first: before pyplot, networkit loads neither its plots nor its profiler
    import IPython.display
    import matplotlib.pyplot
    import netzwerk
    import netzwerk.plot
    import netzwerk.report
    import netzwerk.survey
    from netzwerk import _kernel

    for name in ("igraph", "leidenalg"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    _kernel.snapshot()
_netzwerk_warm_up()
del _netzwerk_warm_up
"""

#: What :func:`restore` returns to, recorded in the kernel by :func:`snapshot`.
_STATE: dict[str, Any] = {}


def snapshot() -> None:
    """Record the kernel's state after the imports (runs inside the kernel)."""
    import warnings

    import matplotlib as mpl

    _STATE["filters"] = list(warnings.filters)
    _STATE["rc"] = mpl.rcParams.copy()


def restore(cwd: str) -> None:
    """Return a used kernel to the state :func:`snapshot` recorded (runs inside the kernel)."""
    import warnings

    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    warnings.resetwarnings()  # also forgets which warnings were already shown
    warnings.filters[:] = _STATE["filters"]
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated keys in the copy
        mpl.rcParams.update(_STATE["rc"])
    os.chdir(cwd)
    shell = get_ipython()
    if shell is not None:
        shell.execution_count = 1


def kernel_manager_class() -> type:
    """papermill's kernel manager: this interpreter, IPC sockets, a quiet shutdown."""
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.paths import jupyter_runtime_dir

    class _NetzwerkKernelManager(AsyncKernelManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if os.name == "posix":
                kernel_id = str(uuid.uuid4())
                runtime = Path(jupyter_runtime_dir())
                runtime.mkdir(parents=True, exist_ok=True)
                kwargs.setdefault("transport", "ipc")
                kwargs.setdefault("kernel_id", kernel_id)
                kwargs.setdefault("connection_file", str(runtime / f"kernel-{kernel_id}.json"))
            super().__init__(*args, **kwargs)

        @property
        def kernel_spec(self) -> KernelSpec:
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name=f"Python ({sys.executable})",
                language="python",
                resource_dir="",
                metadata={},
            )

        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:  # idle after a report: the shutdown request suffices
                return
            await super()._async_interrupt_kernel()

    return _NetzwerkKernelManager


class KernelError(RuntimeError):
    """The report kernel could not import netzwerk or be reset."""


class ReportKernel:
    """One report kernel: started at once, warmed up in the background, reusable.

    Examples
    --------
    >>> kernel = ReportKernel(cwd=".")  # doctest: +SKIP
    >>> kernel.prepare("figures/hagen")  # doctest: +SKIP
    >>> papermill.execute_notebook(..., km=kernel.manager)  # doctest: +SKIP
    >>> kernel.shutdown()  # doctest: +SKIP
    """

    def __init__(self, cwd: str | Path, *, timeout: float = 120) -> None:
        from jupyter_core.utils import run_sync

        self.timeout = timeout
        self.runs = 0
        self.cwd = str(cwd)
        self.manager = kernel_manager_class()(kernel_name="python3")
        run_sync(self.manager.start_kernel)(cwd=str(cwd))
        self._client: Any = None
        self._stopping = False
        self._pending: str | None = self._send(WARM_UP)

    def _send(self, code: str) -> str:
        from jupyter_client import BlockingKernelClient

        if self._client is None:
            client = BlockingKernelClient()
            client.load_connection_info(self.manager.get_connection_info())
            client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
            self._client = client
        return self._client.execute(code, silent=True, store_history=False)

    def _wait(self, msg_id: str) -> None:
        while True:
            try:
                reply = self._client.get_shell_msg(timeout=self.timeout)
            except Exception as exc:  # queue.Empty: no answer in time
                raise KernelError("the report kernel did not answer in time") from exc
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
        content = reply.get("content", {})
        if content.get("status") != "ok":
            raise KernelError(
                f"the report kernel failed: {content.get('ename')}: {content.get('evalue')}"
            )

    def alive(self) -> bool:
        """Whether the kernel process still runs."""
        from jupyter_core.utils import run_sync

        return bool(run_sync(self.manager.is_alive)())

    def prepare(self, cwd: str | Path) -> None:
        """Wait for the warm-up; for a further report, reset the kernel first (:func:`restore`).

        Raises
        ------
        KernelError
            If the warm-up or the reset failed or the kernel did not answer.
        """
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._wait(pending)
        if not self.runs and str(cwd) != self.cwd:
            self._wait(self._send(f"__import__('os').chdir({str(cwd)!r})"))
        if self.runs:
            self._wait(self._send("%reset -f"))
            self._wait(
                self._send(f"from netzwerk import _kernel as _k\n_k.restore({str(cwd)!r})\ndel _k")
            )
        self.runs += 1

    def _close_client(self) -> None:
        if self._client is not None:
            self._client.stop_channels()
            self._client = None

    def stop(self) -> None:
        """Ask the kernel to exit and return at once; :meth:`shutdown` then waits for it.

        :func:`netzwerk.report.run_report` stops its kernel before rendering the HTML, so the
        kernel process winds down on the other core meanwhile.
        """
        from jupyter_core.utils import run_sync

        self._close_client()
        if not self._stopping and run_sync(self.manager.is_alive)():
            self.manager.shutting_down = True
            self.manager.stop_restarter()
            run_sync(self.manager.request_shutdown)()
            self._stopping = True

    def shutdown(self, *, now: bool = False) -> None:
        """Stop the kernel (quietly, without interrupting it first) and remove its files.

        ``now``: kill the process instead of asking it to exit (for an idle kernel whose
        results are written, as at the end of :func:`netzwerk.report.reproduce`).
        """
        from jupyter_core.utils import run_sync

        if now and not self._stopping and self.alive():
            self._close_client()
            run_sync(self.manager.shutdown_kernel)(now=True)  # also removes its files
            return
        self.stop()
        if self._stopping:
            run_sync(self.manager.finish_shutdown)()  # kills it if it has not exited in 5 s
        run_sync(self.manager.cleanup_resources)()
        self._stopping = False


#: The kernel of this (worker) process in :func:`netzwerk.report.reproduce`: one per process,
#: reused by its cities one after the other.
_PROCESS_KERNEL: ReportKernel | None = None


def process_kernel() -> ReportKernel:
    """This process's report kernel, started on first use (again after it died)."""
    global _PROCESS_KERNEL
    if _PROCESS_KERNEL is not None and not _PROCESS_KERNEL.alive():
        drop_process_kernel()
    if _PROCESS_KERNEL is None:
        _PROCESS_KERNEL = ReportKernel(cwd=os.getcwd())
    return _PROCESS_KERNEL


def drop_process_kernel() -> None:
    """Shut this process's report kernel down (the next :func:`process_kernel` starts one)."""
    global _PROCESS_KERNEL
    kernel, _PROCESS_KERNEL = _PROCESS_KERNEL, None
    if kernel is not None:
        try:
            kernel.shutdown(now=True)  # idle, its notebooks written: no need to wait for it
        except Exception:  # pragma: no cover - a kernel that is already gone
            pass


def start_worker() -> None:
    """Pool initializer: start the worker's kernel at once; stop it when the worker exits."""
    from multiprocessing.util import Finalize

    process_kernel()
    Finalize(None, drop_process_kernel, exitpriority=10)
