"""Gunicorn settings: `gunicorn --config gunicorn.conf.py` serves the site (`make run` does).

Everything can be changed from the environment (or .env, read as the Django settings read it).
"""

import os
from pathlib import Path

import environ

env = environ.Env()
env.read_env(env.str("ENV_FILE", default=str(Path(__file__).resolve().with_name(".env"))))


def _cpus():
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use, as a container sees
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "careers_site.wsgi:application"
bind = [f"{env.str('HOST', default='127.0.0.1')}:{env.int('PORT', default=8000)}"]

# Every worker needs the same cache, or an edit saved through one worker could not expire the
# pages another has cached. With a shared cache (the default on-disk one, or CACHE_URL=redis://...)
# run a process per CPU and then some, the usual advice for Django; with a process-local cache
# (CACHE_URL=locmemcache://), one process whose threads share it.
_shared_cache = not env.str("CACHE_URL", default="").startswith(("locmemcache:", "dummycache:"))
_concurrency = 2 * _cpus() + 1
worker_class = "gthread"
workers = env.int("WEB_CONCURRENCY", default=_concurrency if _shared_cache else 1)
threads = env.int("GUNICORN_THREADS", default=1 if _shared_cache else _concurrency)

# A request taking longer than this is stuck: the worker is restarted. Keep-alive a little longer
# than nothing, for a load balancer in front reusing connections.
timeout = env.int("GUNICORN_TIMEOUT", default=30)
graceful_timeout = env.int("GUNICORN_GRACEFUL_TIMEOUT", default=30)
keepalive = env.int("GUNICORN_KEEPALIVE", default=5)
# Recycle workers now and then, so a slow leak never grows into an outage.
max_requests = env.int("GUNICORN_MAX_REQUESTS", default=2000)
max_requests_jitter = max_requests // 10
# Workers' heartbeat files in memory: a container's disk can stall them into false timeouts.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# No control socket: it lives at one path per user, so a second instance on the machine would
# take it from the first, and nothing here uses it.
control_socket_disable = True
# Which proxies may say a request was HTTPS (X-Forwarded-Proto); Django's own
# SECURE_PROXY_SSL_HEADER decides what the application believes.
forwarded_allow_ips = env.str("FORWARDED_ALLOW_IPS", default="127.0.0.1,::1")

# Logs to stdout: one JSON object a line (careers_site.log), access log included, unless
# LOG_FORMAT=text asks for gunicorn's usual lines.
loglevel = env.str("LOG_LEVEL", default="info").lower()
errorlog = "-"
if env.str("LOG_FORMAT", default="json") == "json":
    accesslog = None  # the access logger's handler comes from logconfig_dict
    logger_class = "careers_site.log.AccessLogger"
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "careers_site.log.JSONFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "root": {"handlers": ["stdout"], "level": loglevel.upper()},
        "loggers": {
            "gunicorn.error": {
                "handlers": ["stdout"],
                "level": loglevel.upper(),
                "propagate": False,
            },
            "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        },
    }
else:
    accesslog = "-"
