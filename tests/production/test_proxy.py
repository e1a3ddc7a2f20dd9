"""compose.yaml's nginx (deploy/nginx.conf.template) in front of gunicorn: clients that send
their requests slowly hold nginx's connections, not gunicorn's workers, so /healthz still
answers."""

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.production.conftest import BASE_DIR, free_port, need

TEMPLATE = BASE_DIR / "deploy" / "nginx.conf.template"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SLOW_CLIENTS = 12


def _render(template, **values):
    """As the nginx image's envsubst fills in only the variables it is given."""
    text = template.read_text()
    for name, value in values.items():
        text = text.replace("${" + name + "}", value)
    return text


@pytest.fixture
def proxy(start_instance):
    need("nginx (apt-get install nginx-light)", NGINX)
    site = start_instance(TRUSTED_PROXIES="1")
    port = free_port()
    # nginx's workers run as nobody when started by root: a folder they can use.
    folder = Path(tempfile.mkdtemp(prefix="careers-nginx-"))
    os.chmod(folder, 0o777)
    server = _render(TEMPLATE, UPSTREAM=site.url.removeprefix("http://"), LISTEN_PORT=str(port))
    (folder / "site.conf").write_text(server)
    (folder / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log warn;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n  access_log off;\n"
        + "".join(
            f"  {kind}_temp_path {folder}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {folder}/site.conf;\n}}\n"
    )
    process = subprocess.Popen(
        [NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", site
    process.terminate()
    process.wait(10)
    shutil.rmtree(folder, ignore_errors=True)


def _trickle(url, stop):
    """A request sent a few bytes at a time, never finished: a slow or hostile client."""
    host, port = url.removeprefix("http://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(b"POST /feedback/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while not stop.is_set():
                sock.sendall(b"X-Slow: 1\r\n")
                stop.wait(1)
    except OSError:
        pass  # nginx gave up on it: as it should


def _healthz_seconds(url):
    started = time.monotonic()
    request = urllib.request.Request(url + "/healthz", headers={"Host": "127.0.0.1"})
    with urllib.request.urlopen(request, timeout=20) as response:
        assert response.status == 200
    return time.monotonic() - started


def test_slow_clients_against_the_proxy_do_not_stall_healthz(proxy):
    url, site = proxy
    for _ in range(3):  # every worker's first request, which loads what later ones reuse
        _healthz_seconds(url)
    stop = threading.Event()
    clients = [threading.Thread(target=_trickle, args=(url, stop)) for _ in range(SLOW_CLIENTS)]
    for client in clients:
        client.start()
    try:
        time.sleep(2)  # every slow client is connected and part-way through its request
        timings = [_healthz_seconds(url) for _ in range(5)]
    finally:
        stop.set()
        for client in clients:
            client.join(10)
    print(f"PROXY {SLOW_CLIENTS} slow clients: /healthz through nginx in {max(timings):.3f} s")
    assert max(timings) < 1
