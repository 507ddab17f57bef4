"""The portal as the README's "Productie" section runs it: its commands, in subprocesses, with
production settings (DEBUG off, a temporary STATIC_ROOT and SQLite file), gunicorn on a free
port; every public page's security headers as gunicorn sends them; `check --deploy`."""

import http.client
import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.test.html import parse_html
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from markup import attribute, find_all

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "lekp.example.be"
DEPLOY_CHECK = ["python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
NO_ISSUES = "System check identified no issues (0 silenced).\n"
# Set by other tests or the developer's shell; production decides them itself.
LEUVEN_PLAN = [
    "fixtures/bestuursnota-leuven-2019-2024.txt",
    *("--titel", "Bestuursnota 2019-2024", "--periode", "2019-2024", "--bron", "seed 004"),
]
# Pages no <a> leads to, with the status they answer: a form's target (search, alerts), the plan
# (linked from Leuven's page, which need not be the municipality page the crawl visits), and
# what only a mail links to with a signed token (an unknown token gets the Dutch 400 page).
NOT_LINKED = {
    "/zoeken/?q=laadpalen": 200,
    "/meldingen/?filters=werf%3D2": 200,
    "/meldingen/verstuurd/": 200,
    "/gemeenten/24062/plan/": 200,
    "/meldingen/bevestigen/onbekend/": 400,
    "/meldingen/uitschrijven/onbekend/": 400,
}
NOT_INHERITED = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "STATIC_ROOT", "DJANGO_ALLOW_ASYNC_UNSAFE", "GUNICORN_BIND"}


def readme_commands():
    """The commands of the README's block that starts gunicorn, as argument lists, in order."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("\n## Productie\n", 1)[1].split("\n## ", 1)[0]
    blocks = [block.split("\n", 1)[1] for block in section.split("```")[1::2] if block.startswith("sh")]
    (block,) = [block for block in blocks if "\ngunicorn " in block]
    commands = [shlex.split(line, comments=True) for line in block.splitlines()]
    # The first line makes the virtualenv this test already runs in.
    return [command for command in commands if command and command[0] in ("python", "gunicorn")]


def executable(command):
    """The README's command with this virtualenv's python or gunicorn."""
    return [sys.executable if command[0] == "python" else str(BIN / command[0]), *command[1:]]


def production_env(static_root, database):
    env = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    return {
        **env,
        "DEBUG": "false",
        "SECRET_KEY": "test-" + "k" * 60 + "-Zq9!x",
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SUPERUSER_PASSWORD": "een-lang-test-wachtwoord-7",
    }


def run(command, env, timeout=120):
    return subprocess.run(executable(command), cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def production(tmp_path_factory):
    """The README's commands run in order, the last one (gunicorn) left running on a free port."""
    root = tmp_path_factory.mktemp("productie")
    env = production_env(root / "static", root / "db.sqlite3")
    *commands, serve = readme_commands()
    assert serve[0] == "gunicorn" and [c[:3] for c in commands][0] == ["python", "manage.py", "collectstatic"]
    for command in commands:
        result = run(command, env)
        assert result.returncode == 0, f"{shlex.join(command)}:\n{result.stdout}\n{result.stderr}"
    result = run(["python", "manage.py", "createsuperuser", "--noinput", "--username=beheerder", "--email=b@x.be"], env)
    assert result.returncode == 0, result.stderr
    # A municipality's plan, so that the plan pages are linked from its page and crawled too.
    result = run(["python", "manage.py", "import_plan", "--gemeente", "24062", *LEUVEN_PLAN], env)
    assert result.returncode == 0, result.stderr

    port = free_port()
    log = (root / "gunicorn.log").open("w")
    server = subprocess.Popen(
        executable(serve), cwd=REPO, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, (root / "gunicorn.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn luistert niet na 30 s"
                time.sleep(0.2)
        yield {"port": port, "env": env, "static_root": root / "static", "log": root / "gunicorn.log"}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def fetch(production, path, method="GET", body=None, headers=None, https=True):
    connection = http.client.HTTPConnection("127.0.0.1", production["port"], timeout=30)
    sent = {"Host": HOST, **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def policy(header):
    """A Content-Security-Policy header as {directive: [sources]}."""
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def header_problems(response):
    """Which of the required security headers are missing or wrong, as sentences."""
    problems = []
    csp = policy(response.getheader("Content-Security-Policy") or "")
    for directive, wanted in {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
    }.items():
        if csp.get(directive) != wanted:
            problems.append(f"CSP {directive}: {csp.get(directive)}")
    if any("unsafe" in source for sources in csp.values() for source in sources):
        problems.append(f"CSP met 'unsafe-…': {csp}")
    exact = {
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    }
    problems += [
        f"{name}: {response.getheader(name)}" for name, value in exact.items() if response.getheader(name) != value
    ]
    permissions = dict(
        part.strip().split("=", 1)
        for part in (response.getheader("Permissions-Policy") or "").split(",")
        if "=" in part
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        if permissions.get(feature) != "()":
            problems.append(f"Permissions-Policy {feature}: {permissions.get(feature)}")
    if len(response.getheader("X-Request-ID") or "") < 8:
        problems.append("geen X-Request-ID")
    return problems


def test_readme_commands_serve_the_portal_and_its_static_files_under_gunicorn(production):
    home = fetch(production, "/")
    assert home.status == 200
    assert header_problems(home) == []
    document = parse_html(home.body.decode())
    (stylesheet,) = [attribute(link, "href") for link in find_all(document, "link", rel="stylesheet")]
    # The hashed name from the manifest, served by whitenoise with the collected content.
    assert stylesheet != "/static/css/portal.css" and stylesheet.startswith("/static/css/portal.")
    css = fetch(production, stylesheet)
    assert css.status == 200
    assert css.getheader("Content-Type").startswith("text/css")
    assert "immutable" in css.getheader("Cache-Control")
    assert css.body == (production["static_root"] / stylesheet.removeprefix("/static/")).read_bytes()
    assert css.body == (REPO / "static" / "css" / "portal.css").read_bytes()
    (script,) = [attribute(tag, "src") for tag in find_all(document, "script", src=True)]
    assert fetch(production, script).body == (REPO / "static" / "js" / "portal.js").read_bytes()

    # Without the proxy's X-Forwarded-Proto the request came over plain HTTP: off to HTTPS.
    plain = fetch(production, "/aanbod/", https=False)
    assert (plain.status, plain.getheader("Location")) == (301, f"https://{HOST}/aanbod/")
    # gunicorn's access log carries the request id the portal answered with.
    assert f"id={home.getheader('X-Request-ID')}" in production["log"].read_text()


def test_secure_cookies_and_the_admin_work_behind_the_proxy(production):
    login = fetch(production, "/admin/login/")
    assert login.status == 200 and header_problems(login) == []
    cookie = login.getheader("Set-Cookie")
    assert "Secure" in cookie and cookie.startswith("csrftoken=")
    token = attribute(find_all(parse_html(login.body.decode()), "input", name="csrfmiddlewaretoken")[0], "value")
    form = {"username": "beheerder", "password": production["env"]["DJANGO_SUPERUSER_PASSWORD"], "next": "/admin/"}
    form["csrfmiddlewaretoken"] = token
    logged_in = fetch(
        production,
        "/admin/login/",
        method="POST",
        body=urlencode(form),
        headers={
            "Cookie": cookie.split(";")[0],
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/admin/login/",
        },
    )
    assert logged_in.status == 302, logged_in.body.decode()[:2000]
    session = [value for name, value in logged_in.getheaders() if name == "Set-Cookie" and "sessionid=" in value]
    assert session and "Secure" in session[0] and "HttpOnly" in session[0]
    index = fetch(production, "/admin/", headers={"Cookie": session[0].split(";")[0]})
    assert index.status == 200 and header_problems(index) == []


def public_view_names():
    """Every named URL pattern outside the admin, as "namespace:name"."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("admin/"):
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(":".join(filter(None, [namespace, pattern.name])))

    walk(get_resolver().url_patterns, "")
    return names


def view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def test_every_public_page_carries_the_security_headers(production):
    """Crawls from the home page, one address per URL pattern, until every public pattern is seen."""
    wanted = public_view_names()
    queue, seen, problems = ["/", *NOT_LINKED], {}, {}
    while queue:
        path = queue.pop(0)
        name = view_name(urlsplit(path).path)
        if name not in wanted or name in seen:
            continue
        response = fetch(production, path)
        seen[name] = path
        status = NOT_LINKED.get(path, 200)
        found = header_problems(response) + ([] if response.status == status else [f"status {response.status}"])
        if found:
            problems[path] = found
        if response.getheader("Content-Type", "").startswith("text/html"):
            for link in find_all(parse_html(response.body.decode()), "a", href=True):
                address = urljoin(path, attribute(link, "href"))
                if address.startswith("/") and not address.startswith(("/admin/", "/static/")):
                    queue.append(address)
    assert sorted(wanted - set(seen)) == [], sorted(wanted - set(seen))
    not_found = fetch(production, "/bestaat-niet/")
    assert not_found.status == 404
    assert header_problems(not_found) == []
    assert problems == {}


def test_check_deploy_prints_nothing_with_production_settings(production):
    result = run(DEPLOY_CHECK, production["env"])
    assert (result.returncode, result.stdout, result.stderr) == (0, NO_ISSUES, "")


def test_without_collectstatic_check_deploy_and_gunicorn_stop_with_a_dutch_message(tmp_path):
    env = production_env(tmp_path / "leeg", tmp_path / "db.sqlite3")
    result = run(DEPLOY_CHECK, env)
    assert result.returncode == 1
    assert "lekp_portal.E001" in result.stderr
    assert "Het manifest van de statische bestanden" in result.stderr
    assert "python manage.py collectstatic --noinput" in result.stderr

    env["GUNICORN_BIND"] = f"127.0.0.1:{free_port()}"
    server = run(readme_commands()[-1], env, timeout=60)
    assert server.returncode != 0
    assert "python manage.py collectstatic --noinput" in server.stdout + server.stderr
