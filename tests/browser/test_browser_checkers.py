"""Every kind of public page, checked as rendered in chromium: axe-core (WCAG 2.2 A/AA), the Nu
HTML Checker, no horizontal scrolling on a 375 px phone, and screenshots to look at."""

import json
import subprocess

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page, axe_js):
    page.evaluate(axe_js.read_text())
    result = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [(node["target"], node["html"][:200]) for node in violation["nodes"][:5]],
        }
        for violation in result["violations"]
    ]


def html_errors(vnu_jar, paths):
    """The Nu HTML Checker's errors and warnings for these files, as "file:line: message [extract]"."""
    # One JVM start for all pages: starting the checker costs seconds each time. For such a short
    # run the quick compiler alone halves the CPU time; it needs a deeper stack for the schema.
    result = subprocess.run(
        ["java", "-XX:TieredStopAtLevel=1", "-Xss16m", "-jar", str(vnu_jar)]
        + ["--format", "json", "--stdout", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout, result.stderr
    return sorted(
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in json.loads(result.stdout)["messages"]
        if m["type"] != "info"
    )


def screenshot(page, path):
    # A long page with maps (285 outlines) can take chromium longer than the default 30 s to
    # paint whole on a loaded two-core machine; the picture is for people, so wait for it.
    page.screenshot(path=path, full_page=True, animations="disabled", timeout=120_000)


def page_problems(page, url, name, checkers, artifacts, status=200):
    """What axe, the status, the h1 and a 375 px phone say about one page, as Dutch sentences.

    Screenshots at 1280 and 375 px go to ``artifacts`` as ``<name>-<width>.png``; the page stays
    loaded at phone width.
    """
    page.set_viewport_size(DESKTOP)
    response = page.goto(url)
    found = []
    if response.status != status:
        found.append(f"status {response.status}")
    if page.locator("h1").count() != 1:
        found.append(f"{page.locator('h1').count()} h1-koppen in plaats van één")
    screenshot(page, artifacts / f"{name}-{DESKTOP['width']}.png")
    found += [f"axe op {DESKTOP['width']} px: {v}" for v in run_axe(page, checkers["axe"])]

    page.set_viewport_size(PHONE)
    scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    screenshot(page, artifacts / f"{name}-{PHONE['width']}.png")
    if scroll_width > inner_width:
        found.append(f"horizontale scrollbalk op {PHONE['width']} px: {scroll_width} > {inner_width}")
    # The phone layout has its own CSS (stacked filters, wrapped navigation): check it as well.
    found += [f"axe op {PHONE['width']} px: {v}" for v in run_axe(page, checkers["axe"])]
    return found


def test_every_page_type_is_accessible_and_fits_a_phone(page, live_server, page_types, checkers, artifacts):
    # One test for all pages: loading the seed data for each page would double the run time.
    problems = {}
    for name, path in page_types.items():
        found = page_problems(page, live_server.url + path, name, checkers, artifacts, 404 if name == "404" else 200)
        # Each list variant must really be the case it stands for.
        cards = page.locator(".offer-card").count()
        if (name == "aanbod-gefilterd" and cards == 0) or (name == "aanbod-leeg" and cards > 0):
            found.append(f"{cards} aanbod op de pagina")
        if name == "aanbod-foute-invoer" and not page.get_by_role("alert").is_visible():
            found.append("geen melding over de foute invoer")
        if found:
            problems[f"{name} ({path})"] = found
    assert problems == {}

    # The checks themselves must be able to fail: a page with a too wide, unlabelled image does.
    # Built through the DOM: a style attribute in markup would be refused by the CSP.
    page.evaluate(
        """() => {
            const wide = document.createElement('div');
            wide.style.width = '2000px';
            wide.append(document.createElement('img'));
            document.querySelector('main').append(wide);
        }"""
    )
    assert page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert "image-alt" in [v["id"] for v in run_axe(page, checkers["axe"])]


def test_no_page_has_html_errors(page, live_server, page_types, checkers, tmp_path):
    files = {}
    for name, path in page_types.items():
        # The HTML exactly as the server sent it, not the DOM after the browser repaired it.
        response = page.request.get(live_server.url + path)
        assert response.status == (404 if name == "404" else 200), name
        files[name] = tmp_path / f"{name}.html"
        files[name].write_bytes(response.body())
    # The checker must be able to fail: this page has an error it has to report.
    files["kapot"] = tmp_path / "kapot.html"
    files["kapot"].write_text('<!DOCTYPE html><html lang="nl"><title>x</title><p><div>fout</p>')

    errors = html_errors(checkers["vnu"], files.values())
    assert [error for error in errors if not error.startswith("kapot.html:")] == []
    assert any(error.startswith("kapot.html:") for error in errors)
