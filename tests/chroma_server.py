"""Test helper: a real `chroma run` server (the one chromadb ships) on 127.0.0.1, which can be killed and
started again on the same folder and port."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from .servers import free_port

START_TIMEOUT = 60


def chroma_executable() -> Path:
    return Path(sys.executable).parent / "chroma"


class ChromaServer:
    def __init__(self, path: Path, log: Path) -> None:
        self.path, self.log = path, log
        self.host, self.port = "127.0.0.1", free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        """The environment that points an assistant process at this server."""
        return {"ASSISTANT_CHROMA_HOST": self.host, "ASSISTANT_CHROMA_PORT": str(self.port)}

    def start(self) -> None:
        """Starts it (again, on the same folder and port) unless it is running."""
        if self.proc and self.proc.poll() is None:
            return
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([str(chroma_executable()), "run", "--path", str(self.path), "--host", self.host,
                                          "--port", str(self.port)], stdout=out, stderr=subprocess.STDOUT,
                                         env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"http://{self.host}:{self.port}/api/v2/heartbeat", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"chroma run did not answer within {START_TIMEOUT} s")

    def kill(self) -> None:
        """SIGKILL: what a crash or a power cut does to the server."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
