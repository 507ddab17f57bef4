"""gunicorn's settings for the portal in production (see "Productie" in the README).

    gunicorn --config gunicorn.conf.py lekp_portal.wsgi

It listens on the loopback address only: a TLS-terminating proxy on the same machine forwards
to it and sets X-Forwarded-Proto, which Django trusts (SECURE_PROXY_SSL_HEADER).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two cores: two synchronous workers; raise WEB_CONCURRENCY on a larger machine (2 × cores + 1).
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 60
# Only the proxy may say that a request came in over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Load the application once, before the workers start: a missing static files manifest (no
# collectstatic) or a missing SECRET_KEY stops gunicorn at once with the reason.
preload_app = True
# Access log and errors on stdout/stderr, for the process manager (systemd's journal). The path
# without the query string (it may carry search words), and the request id that the portal's own
# log lines carry too.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s'
# gunicorn's control socket (one fixed path per user) is not used: systemd starts and stops it.
control_socket_disable = True
