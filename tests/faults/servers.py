"""Redis and PostgreSQL servers of the tests' own, on free ports, to stop, hang and restart.

Never the shared ones on 6379 and 5432: each server here lives in a temporary folder and is
stopped by the PID we started.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

POSTGRES_BIN = next(
    (p for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listened on {port} within {seconds} s")


class _Server:
    process = None

    def hang(self):
        """SIGSTOP: the port stays open, nothing answers (a stuck server, not a dead one)."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(10)


class RedisServer(_Server):
    available = shutil.which("redis-server") is not None

    def __init__(self, folder):
        self.folder, self.port = Path(folder), free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1", "--save", ""),
                *("--appendonly", "no", "--dir", str(self.folder)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, self.process)

    def stop(self):
        self.kill()


class PostgresServer(_Server):
    """A cluster of its own, run as the postgres user when the tests run as root (setpriv execs
    the server in place, so the process we hold is the postmaster, to signal directly)."""

    available = POSTGRES_BIN is not None

    def __init__(self, folder):
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/careers"
        self._as_user = []
        if os.geteuid() == 0:
            self._as_user = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]
            # pytest's folders are root's alone; the postgres user needs one it can reach.
            folder = tempfile.mkdtemp(prefix="careers-faults-")
            os.chmod(folder, 0o755)
        self.root = Path(folder)
        self.folder = self.root / "pg"

    def _run(self, *command):
        subprocess.run([*self._as_user, *command], check=True, capture_output=True, timeout=120)

    def init(self):
        self.folder.mkdir(parents=True)
        if self._as_user:
            shutil.chown(self.folder, "postgres")
        self._run(
            str(POSTGRES_BIN / "initdb"),
            *("-D", str(self.folder), "-U", "postgres", "--auth=trust", "--no-sync"),
        )

    def start(self):
        self.process = subprocess.Popen(
            [
                *self._as_user,
                str(POSTGRES_BIN / "postgres"),
                *("-D", str(self.folder), "-p", str(self.port), "-k", str(self.folder)),
                *("-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, self.process)
        # Accepting connections takes a moment longer than listening.
        deadline = time.monotonic() + 30
        while self.sql("SELECT 1", database="postgres", check=False) != "1":
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not accept connections")
            time.sleep(0.1)

    def sql(self, statement, database="careers", check=True):
        result = subprocess.run(
            [
                "psql",
                *("-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database),
                *("-tAc", statement),
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout.strip()

    def kill_connections(self):
        """Terminate every session of the site's database, as a failover or restart would."""
        return self.sql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = 'careers' AND pid <> pg_backend_pid()"
        )

    def stop(self):
        """A fast shutdown: connections refused until start() again."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(30)

    def remove(self):
        self.kill()
        shutil.rmtree(self.root if self._as_user else self.folder, ignore_errors=True)
