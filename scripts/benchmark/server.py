"""gunicorn serving the benchmark's site, and what its worker uses of CPU and memory."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from . import ROOT
from .load import fetch

GUNICORN = str(Path(sys.executable).parent / "gunicorn")


class Server:
    """gunicorn as `make run` starts it, on a free port, stopped on leaving the block."""

    def __init__(self, env, log_path):
        self.env, self.log_path = env, log_path
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.log = open(self.log_path, "a")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [GUNICORN, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(
                    f"gunicorn stopped with exit code {self.process.returncode}; see {self.log_path}"
                )
            try:
                if fetch(self.base + "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        sys.exit(f"gunicorn did not answer within a minute; see {self.log_path}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def worker_cpu(self):
        """Seconds of CPU the worker process has used (Linux), or None."""
        try:
            stat = Path(f"/proc/{self.worker_pid()}/stat").read_text()
        except (OSError, TypeError):
            return None
        # Fields after the command name, which is in brackets and may hold spaces.
        utime, stime = stat.rsplit(")", 1)[1].split()[11:13]
        return (int(utime) + int(stime)) / os.sysconf("SC_CLK_TCK")

    def worker_pid(self):
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            return int(children.read_text().split()[0])
        except (OSError, IndexError, ValueError):
            return None

    def worker_rss(self):
        """The worker process's resident memory in bytes (Linux), or None."""
        try:
            status = Path(f"/proc/{self.worker_pid()}/status").read_text()
        except OSError:
            return None
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024
