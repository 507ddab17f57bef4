"""Reading a policy plan from the plain text of its PDF (pure functions, no database).

The text is what a PDF-to-text tool made of the plan (fixtures/README.md, "Beleidsplan Leuven:
de tekst en zijn valkuilen"). What the reader relies on:

- ``PROGRAMMA 3: TITEL`` opens a programme; its title may run on over the next lines in capitals.
- ``Actieprogramma 3.6 Titel`` opens an action programme; its title runs on over the lines that
  directly follow it (no empty line in between).
- ``143. Tekst`` opens an action. Numbering starts at 1 in each programme and runs on across its
  action programmes; actions may come before the first action programme of their programme.
- ``•`` opens an item of a list inside the action; the lines after it continue that item.
- A line in capitals, a short title-like line of its own, or a lead-in ending in ":" right
  before an action is a sub-heading: it ends the action before it and heads the next ones.
- A line of digits alone is a page number; a line starting with spaces is the top of a page;
  empty lines are the PDF's line spacing. None of them mean anything.
- Text before the first programme (introduction, principles numbered 1-5) is not an action.

Anything else that breaks these rules is an error with its line number, in Dutch: the importer
imports all or nothing.
"""

import re
from dataclasses import dataclass, field

PROGRAMME_RE = re.compile(r"PROGRAMMA\s+(\d{1,3})\s*:\s*(.*)")
ACTION_PROGRAMME_RE = re.compile(r"Actieprogramma\s+(\d{1,3})\.(\d{1,3})\.?\s*:?\s*(.*)")
ACTION_RE = re.compile(r"(\d{1,5})\.\s+(\S.*)")
BULLET = "•"
# A line-end hyphen before one of these words is the hyphen of "laad- en loszones": keep the space.
COORDINATING_WORDS = {"en", "of", "tot", "als"}
SENTENCE_END = (".", "!", "?", ")", "…", "’", "”", '"', ";")
# A heading such as "Groenplan" or "Regionale samenwerking" is short; a sentence is longer.
MAX_HEADING_WORDS = 6


class PlanSyntaxError(ValueError):
    """A file that is no plan as this reader knows it; ``line`` is 1-based."""

    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(f"Regel {line}: {message}")


@dataclass
class ParsedProgramme:
    number: int
    title: str
    line: int


@dataclass
class ParsedActionProgramme:
    programme: int
    number: int
    title: str
    line: int

    @property
    def code(self):
        return f"{self.programme}.{self.number}"


@dataclass
class ParsedAction:
    programme: int
    action_programme: int | None  # the number after the dot, None before the first one
    number: int
    text: str
    items: list = field(default_factory=list)
    heading: str = ""
    first_line: int = 0
    last_line: int = 0


@dataclass
class ParsedPlan:
    programmes: list
    action_programmes: list
    actions: list

    def counts(self):
        """Programme number -> number of actions, in programme order."""
        counts = {programme.number: 0 for programme in self.programmes}
        for action in self.actions:
            counts[action.programme] += 1
        return counts


def decode(data):
    """The text of an uploaded or read file, or a PlanSyntaxError for an empty, binary or non-UTF-8 one."""
    if not data.strip():
        raise PlanSyntaxError(1, "het bestand is leeg.")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PlanSyntaxError(
            line, "dit is geen tekstbestand (binaire gegevens); verwacht wordt platte tekst in UTF-8."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PlanSyntaxError(line, "de tekst is geen geldige UTF-8; bewaar het bestand als UTF-8.") from None
    return text.removeprefix("\ufeff")


def join_line(text, line):
    """``text`` with the next wrapped ``line`` added.

    The PDF breaks lines at real hyphens only ("Vlaams-" / "Brabant", "laad- " / "en loszones"):
    a line-end hyphen is kept, and the space goes only where the next word is "en", "of", ...
    """
    if not text:
        return line
    if not line:
        return text
    if text.endswith("-") and len(text) > 1 and not text[-2].isspace():
        first_word = line.split()[0]
        if first_word in COORDINATING_WORDS or first_word.startswith("("):
            return f"{text} {line}"
        return text + line
    return f"{text} {line}"


def clean(line):
    # Non-breaking and double spaces from the PDF count as one space.
    return " ".join(line.split())


def is_capitals(line):
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and line == line.upper()


def is_title_like(line):
    words = line.split()
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and line[0].isupper()
        and not line.endswith((".", ",", ";", ":", "!", "?", "…"))
        and not line[0].isdigit()
    )


class _Reader:
    def __init__(self, text):
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.programmes = []
        self.action_programmes = []
        self.actions = []
        self.action = None  # the open action
        # The lines of the action's text or of its last list item so far (number, text): the
        # lead-in check may give the last of them to the next action.
        self.action_lines = []
        self.in_item = False
        self.heading = ""
        self.title_target = None  # the programme or action programme whose title runs on

    # -- state ------------------------------------------------------------------------------

    @property
    def programme(self):
        return self.programmes[-1] if self.programmes else None

    @property
    def action_programme(self):
        current = self.action_programmes[-1] if self.action_programmes else None
        if current and self.programme and current.programme == self.programme.number:
            return current
        return None

    def close_action(self, before_action=False):
        action = self.action
        if action is None:
            return
        lead_in = self.split_lead_in() if before_action else ""
        if lead_in:
            self.heading = lead_in
        action.text = action.text.strip()
        self.action = None
        self.action_lines = []
        self.in_item = False

    def split_lead_in(self):
        """A lead-in such as "Uitbouw MobiPunten (…):" ends the action before the one it introduces.

        It is the last lines of that action's text or last list item, the final one ending in ":",
        after a line that ends a sentence; it heads the actions after it.
        """
        lines = self.action_lines
        if len(lines) < 2 or not lines[-1][1].endswith(":"):
            return ""
        for start in range(len(lines) - 1, 0, -1):
            if lines[start - 1][1].endswith(SENTENCE_END) and lines[start][1][0].isupper():
                kept, lead = lines[:start], lines[start:]
                text = ""
                for _number, line in kept:
                    text = join_line(text, line)
                if self.in_item:
                    self.action.items[-1] = text
                else:
                    self.action.text = text.removeprefix(f"{self.action.number}. ")
                self.action.last_line = kept[-1][0]
                heading = ""
                for _number, line in lead:
                    heading = join_line(heading, line)
                return heading
        return ""

    # -- reading ----------------------------------------------------------------------------

    def read(self):
        for number, raw in enumerate(self.lines, 1):
            self.read_line(number, raw)
        self.close_action()
        if not self.programmes:
            raise PlanSyntaxError(
                len(self.lines),
                "geen programmakop gevonden (een regel als „PROGRAMMA 1: TITEL”); is dit een beleidsplan?",
            )
        if not self.actions:
            raise PlanSyntaxError(len(self.lines), "geen enkele genummerde actie gevonden (een regel als „1. Tekst”).")
        return ParsedPlan(self.programmes, self.action_programmes, self.actions)

    def read_line(self, number, raw):
        line = clean(raw)
        if not raw.strip():
            if raw:  # a line of spaces: a paragraph break; titles stop there
                self.title_target = None
                self.after_break = True
            elif isinstance(self.title_target, ParsedActionProgramme):
                self.title_target = None
            return
        after_break = getattr(self, "after_break", False)
        self.after_break = False
        if line.isdigit():  # a page number
            return
        if match := PROGRAMME_RE.fullmatch(line):
            return self.start_programme(number, int(match[1]), match[2])
        if match := ACTION_PROGRAMME_RE.fullmatch(line):
            return self.start_action_programme(number, int(match[1]), int(match[2]), match[3])
        if self.programme is None:
            return  # introduction and principles before the first programme
        if match := ACTION_RE.fullmatch(line):
            self.title_target = None
            return self.start_action(number, int(match[1]), match[2])
        if self.title_target is not None:
            if isinstance(self.title_target, ParsedActionProgramme) or is_capitals(line):
                self.title_target.title = join_line(self.title_target.title, line)
                return
            self.title_target = None
        if is_capitals(line):
            self.close_action()
            self.heading = line if not self.heading_line_before(number) else join_line(self.heading, line)
            self.last_heading_line = number
            return
        if after_break and is_title_like(line) and self.stands_alone(number):
            self.close_action()
            self.heading = line
            self.last_heading_line = number
            return
        if self.action is None:
            return  # the introduction of a programme, an action programme or a sub-heading
        if line.startswith(BULLET):
            item = line.removeprefix(BULLET).strip()
            self.action.items.append(item)
            self.in_item = True
            self.action_lines = [(number, item)]
        elif self.in_item:
            self.action.items[-1] = join_line(self.action.items[-1], line)
            self.action_lines.append((number, line))
        else:
            self.action.text = join_line(self.action.text, line)
            self.action_lines.append((number, line))
        self.action.last_line = number

    def heading_line_before(self, number):
        """Whether the heading line before this one (blank lines between) is the same heading."""
        previous = getattr(self, "last_heading_line", None)
        return previous is not None and all(not self.lines[n - 1].strip() for n in range(previous + 1, number))

    def stands_alone(self, number):
        """Whether the line is a paragraph of its own: what follows is a break, a heading or an action."""
        for raw in self.lines[number:]:
            if raw == "":
                continue
            line = clean(raw)
            return (
                not line
                or bool(
                    ACTION_RE.fullmatch(line) or PROGRAMME_RE.fullmatch(line) or ACTION_PROGRAMME_RE.fullmatch(line)
                )
                or is_capitals(line)
            )
        return True

    def start_programme(self, number, programme, title):
        self.close_action()
        # A plan may be read from any programme on, but then without gaps.
        expected = self.programme.number + 1 if self.programme else programme
        if programme != expected:
            raise PlanSyntaxError(number, f"programma {programme} volgt, maar programma {expected} werd verwacht.")
        self.programmes.append(ParsedProgramme(programme, title, number))
        self.title_target = self.programmes[-1]
        self.heading = ""

    def start_action_programme(self, number, programme, minor, title):
        self.close_action()
        if self.programme is None:
            raise PlanSyntaxError(
                number, f"actieprogramma {programme}.{minor} staat vóór de eerste programmakop („PROGRAMMA 1: …”)."
            )
        if programme != self.programme.number:
            raise PlanSyntaxError(
                number, f"actieprogramma {programme}.{minor} staat in programma {self.programme.number}."
            )
        current = self.action_programme
        expected = current.number + 1 if current else 1
        if minor != expected:
            raise PlanSyntaxError(
                number, f"actieprogramma {programme}.{minor} volgt, maar {programme}.{expected} werd verwacht."
            )
        self.action_programmes.append(ParsedActionProgramme(programme, minor, title, number))
        self.title_target = self.action_programmes[-1]
        self.heading = ""

    def start_action(self, line_number, number, text):
        self.close_action(before_action=True)
        previous = self.actions[-1] if self.actions else None
        expected = previous.number + 1 if previous and previous.programme == self.programme.number else 1
        if number != expected:
            if number < expected:
                message = f"actie {number} gaat achteruit: na actie {expected - 1} werd actie {expected} verwacht."
            else:
                message = f"actie {number} volgt op actie {expected - 1}: actie {expected} ontbreekt."
            raise PlanSyntaxError(line_number, f"{message} (programma {self.programme.number})")
        current = self.action_programme
        self.action = ParsedAction(
            programme=self.programme.number,
            action_programme=current.number if current else None,
            number=number,
            text=text,
            heading=self.heading,
            first_line=line_number,
            last_line=line_number,
        )
        self.action_lines = [(line_number, f"{number}. {text}")]
        self.actions.append(self.action)


def parse(text):
    """The programmes, action programmes and actions of a plan text, or a PlanSyntaxError."""
    if not text.strip():
        raise PlanSyntaxError(1, "het bestand is leeg.")
    plan = _Reader(text).read()
    for programme in plan.programmes:
        programme.title = programme.title.strip()
    return plan
