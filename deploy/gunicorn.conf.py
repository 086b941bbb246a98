"""gunicorn's settings for R2P Letters in production: `gunicorn -c deploy/gunicorn.conf.py r2p_letters.wsgi`.

It reads the same environment as the app (deploy/env.example), and its time limits come from the app's
own: a request may last as long as the longest PDF layout the app allows, so the app's "this PDF took too
long" page is what a reader gets, never a worker killed mid-request. docs/DEPLOYMENT.md explains the
choices and the figures behind the worker counts.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The limits the app enforces itself (settings and the layout worker), read where they are defined.
from r2p_letters import settings as app  # noqa: E402
from r2p_letters.printing.pdf_worker import KILL_GRACE_SECONDS  # noqa: E402

chdir = str(ROOT)
wsgi_app = "r2p_letters.wsgi"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Threads: a signature spends part of its time waiting on PostgreSQL, and a PDF download waits on its
# layout process; a thread per wait keeps the CPU busy. On 2 cores, 3 workers of 2 threads gave the most
# signatures per second and the lowest latency (docs/BENCHMARKS.md).
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS") or (os.cpu_count() or 1) + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 2)

# The longest request the app allows: the letter's HTML (LETTER_RENDER_TIMEOUT), then its layout
# (PDF_RENDER_TIMEOUT, and the grace before a stuck layout process is killed), and a margin for the
# database and for sending the answer. A worker is killed only past that, and a restart lets every
# request in flight finish.
REQUEST_MARGIN_SECONDS = 10
timeout = int(app.LETTER_RENDER_TIMEOUT + app.PDF_RENDER_TIMEOUT + KILL_GRACE_SECONDS + REQUEST_MARGIN_SECONDS)
graceful_timeout = timeout

# Behind nginx on the same machine: it buffers slow clients, so gunicorn sees whole requests at once.
# A new connection per request from nginx (its default): no race between an idle connection closing
# and a signature being sent on it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
keepalive = 5

# A worker is replaced now and then (at a random point, not all at once): memory that Python, WeasyPrint
# and fontconfig keep does not pile up. Its layout processes end with it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10

# The heartbeat file on a memory file system: a slow disk never makes a healthy worker look stuck.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Errors to stderr, read by journald; nginx logs every request.
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "r2p-letters"
