"""Settings for the benchmark's own gunicorn only (`manage.py bench`).

The production settings plus one URL, /bench-baseline/, that answers a fixed
string of the showcase's size, so the benchmark can compare the portal with a
trivial view in the same run. Production never loads this module.
"""

from regiohub.settings import *  # noqa: F403

ROOT_URLCONF = "ops.bench_urls"
