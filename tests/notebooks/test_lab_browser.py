"""JupyterLab in a real headless browser: notebook 03 runs, the playground drafts and scores.

The server gets its own config, settings, runtime and workspace folders in a temp
directory (Korean locale set there), serves a *copy* of notebooks/ so autosave can
never write outputs into the repository, and is stopped at the end even on failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from nbsupport import NOTEBOOKS, ROOT, lab_env

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOK = "03_보도자료.ipynb"
BUDGET_S = 150  # the whole browser part; the server start has its own 45 s


class Budget:
    """Every wait gets what is left of one deadline, so the test is bounded as a whole."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def ms(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            pytest.fail(f"browser test took longer than {BUDGET_S} s")
        return left * 1000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(folder: Path) -> None:
    """User settings: Korean UI, no news pop-up (it would cover the page)."""
    tr = folder / "@jupyterlab" / "translation-extension"
    tr.mkdir(parents=True)
    (tr / "plugin.jupyterlab-settings").write_text(json.dumps({"locale": "ko_KR"}), encoding="utf-8")
    nt = folder / "@jupyterlab" / "apputils-extension"
    nt.mkdir(parents=True)
    (nt / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")


@pytest.fixture
def lab_server(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian chromium 이 없습니다({CHROMIUM}): apt-get install -y chromium fonts-nanum")
    pytest.importorskip("playwright.sync_api", reason="playwright Python package missing")
    served = tmp_path / "lab"
    shutil.copytree(NOTEBOOKS, served / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / "civiclab.toml", served / "civiclab.toml")
    (tmp_path / "root").mkdir()
    (tmp_path / "state").mkdir()
    _write_settings(tmp_path / "user-settings")
    env = lab_env(tmp_path)
    env.update({"JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
                "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")})
    port, token = _free_port(), secrets.token_hex(16)
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={served}", f"--LabApp.user_settings_dir={tmp_path / 'user-settings'}",
         f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        + (["--allow-root"] if os.geteuid() == 0 else []),  # CI containers run as root
        cwd=served, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 45
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base, token
    finally:
        # SIGTERM lets the server shut its kernels down; kill the group if it hangs.
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        except ProcessLookupError:
            pass
        log.close()


def test_notebook_03_in_jupyterlab_drafts_and_scores(lab_server):
    from playwright.sync_api import sync_playwright

    base, token = lab_server
    ARTIFACTS.mkdir(exist_ok=True)
    left = Budget(BUDGET_S).ms
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
        try:
            page.goto(f"{base}/lab/tree/notebooks/{quote(NOTEBOOK)}?token={token}", timeout=left())
            # Korean language pack active: the menu bar says 파일, not File.
            page.locator(".lm-MenuBar-itemLabel", has_text="파일").first.wait_for(timeout=left())
            page.locator(".jp-Notebook").first.wait_for(timeout=left())
            page.wait_for_function(
                "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                " && window.jupyterapp.shell.currentWidget.sessionContext"
                " && window.jupyterapp.shell.currentWidget.sessionContext.session"
                " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel", timeout=left())
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            generate = page.locator("button", has_text="초안 만들기")
            generate.first.wait_for(state="visible", timeout=left())
            generate.first.click()
            score = page.locator(".civiclab-score")
            score.first.wait_for(state="visible", timeout=left())
            text = score.first.inner_text()
            assert "총점" in text and "정확성" in text
            assert page.locator(".civiclab-score table").count() >= 1
            shown = page.locator(".jp-Notebook").first.inner_text()
            assert "규칙 기반 연습 모델" in shown and "해결 방법:" not in shown  # no error in the widget
            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
            score.first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "notebook03_playground.png"))
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "notebook03_failure.png"))
            raise
        finally:
            browser.close()
