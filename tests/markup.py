"""Reading a rendered page in a test: Django's own HTML parser (django.test.html) gives the tree,
so a test asks for elements, their attributes and their order instead of matching the markup with
regular expressions or cutting it up by string positions.
"""

from django.test.html import Element, parse_html


def page(response, status=200):
    """The parsed document of ``response``, after checking its status code."""
    assert response.status_code == status, response.status_code
    return parse_html(response.content.decode())


def attribute(element, name):
    return dict(element.attributes).get(name)


def _matches(element, tag, attrs):
    if tag is not None and element.name != tag:
        return False
    for key, wanted in attrs.items():
        key = key.rstrip("_").replace("_", "-")
        value = attribute(element, key)
        if wanted is True:
            if key not in dict(element.attributes):
                return False
        elif key == "class":
            if wanted not in (value or "").split():
                return False
        elif value != wanted:
            return False
    return True


def find_all(element, tag=None, /, **attrs):
    """The descendants of ``element`` with this tag and these attributes, in document order.

    ``class_="card"`` matches one class among several, ``id=True`` any value; an underscore stands
    for a hyphen (``aria_labelledby="contact-titel"``).
    """
    found = []
    for child in element.children:
        if isinstance(child, Element):
            if _matches(child, tag, attrs):
                found.append(child)
            found.extend(find_all(child, tag, **attrs))
    return found


def find(element, tag=None, /, **attrs):
    """The one descendant that matches; fails when there is none or there are several."""
    found = find_all(element, tag, **attrs)
    assert len(found) == 1, f"{len(found)} elementen <{tag or '*'} {attrs}>"
    return found[0]


def strings(element):
    """Every piece of text in ``element``, in document order, with whitespace collapsed."""
    for child in element.children:
        if isinstance(child, str):
            yield child
        else:
            yield from strings(child)


def text(element):
    return " ".join(strings(element))


def definitions(element):
    """The terms of the description lists in ``element`` with their descriptions, as text."""
    return dict(zip(map(text, find_all(element, "dt")), map(text, find_all(element, "dd")), strict=True))


def hrefs(element):
    return [attribute(link, "href") for link in find_all(element, "a", href=True)]


def card_titles(element):
    """The titles of the offer and project cards in ``element``, in order."""
    return [text(title) for title in find_all(element, class_="card__title")]
