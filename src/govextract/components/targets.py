"""``govextract_targets``: planned quantities with their deadlines (TARGET spans), told apart from achievements.

A number is a target when the cue nearest to it in its sentence is a plan cue ("it is planned", "will", "is to
be", "by 2025") rather than one of an achievement, a current level, a past plan or someone else's recommendation
("were opened", "amounted to", "the plan of", "the WHO recommends"): in "8 centres were opened last year and 10
more will open next year" each number takes the cue beside it. The cues are data (``patterns/targets.json``).
Money is never a target (planned spending is an amount); percentages are, and stay PERCENT facts as well, so
this component runs after the numbers layer and reads its spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from spacy.attrs import IS_SPACE, LIKE_NUM, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from govextract.components.spans import SPANS_KEY, register_extensions, set_value, text_of, value_of
from govextract.normalize.numbers import number_grammar
from govextract.normalize.qualifiers import cue_pattern
from govextract.records import DateMention, Percentage, Qualifier, Target, TargetAction
from govextract.resources import Patterns, load_patterns

_SENTENCE_ENDS = (".", "!", "?")
# Where a clause ends inside a sentence: a deadline written in one clause is not another's ("100 schools by
# 2025, while the rest follow").
_CLAUSE_BREAKS = {";", "while", "whereas", "but"}
_CONJUNCTIONS = {"and", "but", "or", "while", "whereas"}
_UNIT_WORDS = 6  # the longest phrase of what is counted: "primary health care facilities" and a modifier or two
_INDICATOR_WINDOW = 15  # tokens before a percentage searched for the verb whose object is the indicator
_DETERMINERS = {"the", "a", "an", "its", "their", "this", "these"}
_STRONG_DEADLINES = {"by", "until", "till", "before", "end of", "the end of"}


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int  # token indices
    end: int
    plan: bool

    def distance(self, start: int, end: int) -> int:
        return max(self.start - end, start - self.end, 0)


@dataclass(frozen=True, slots=True)
class _Deadline:
    """A date after a deadline word ("by 2025"); ``plan``: whether it marks a plan (True), an achievement
    (False: a past date) or neither (None: "in 2021" in a release of 2021)."""

    span: Span
    plan: bool | None


@dataclass(frozen=True, slots=True)
class _Number:
    """A candidate: a count (``percent`` None) or a percentage, at tokens ``[start, end)``."""

    start: int
    end: int
    value: float
    unit_end: int  # the end of the phrase of what is counted after the number; ``end`` when there is none
    percent: Percentage | None = None
    baseline: float | None = None


class TargetRecognizer:
    def __init__(self, nlp: Language, name: str, patterns: Patterns) -> None:
        self.name = name
        lexicon = patterns["targets.json"]
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cues.add("PLAN", list(nlp.tokenizer.pipe(lexicon["plan_cues"])))
        self.cues.add("NOT_PLAN", list(nlp.tokenizer.pipe(lexicon["not_plan_cues"])))
        self.actions = PhraseMatcher(nlp.vocab, attr="LOWER")
        for action, forms in lexicon["actions"].items():
            self.actions.add(TargetAction(action).value, list(nlp.tokenizer.pipe(forms)))
        self.plan_key = nlp.vocab.strings["PLAN"]
        self.deadline_words = {tuple(w.lower().split()) for w in lexicon["deadline_words"]}
        self.durations = {w.lower() for w in lexicon["durations"]}
        self.stops = {w.lower() for w in lexicon["unit_stops"]}
        self.indicator_starts = {w.lower() for w in lexicon["indicator_starts"]}
        self.numbers = number_grammar(patterns)
        self.qualifiers = cue_pattern(patterns)
        strings = nlp.vocab.strings
        self.sentence_ends = {strings.add(p) for p in _SENTENCE_ENDS}
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        cues = [_Cue(start, end, key == self.plan_key) for key, start, end in _longest(self.cues(doc))]
        if not any(cue.plan for cue in cues) and not _has_date(doc):
            return doc
        facts = _facts_by_label(doc)
        published: date | None = doc._.published
        deadlines = [d for span in facts.get("DATE", []) if (d := self._deadline(doc, span, published)) is not None]
        cues += [_Cue(d.span.start, d.span.end, d.plan) for d in deadlines if d.plan is not None]
        cues.sort(key=lambda cue: cue.start)
        actions = sorted(_longest(self.actions(doc)), key=lambda m: m[1])
        text = text_of(doc)
        group = doc.spans.setdefault(SPANS_KEY, [])
        for start, end in _sentences(doc, self.sentence_ends):
            near = [cue for cue in cues if start <= cue.start < end]
            if not any(cue.plan for cue in near):
                continue
            for number in self._numbers(doc, start, end, facts):
                # "8 new centres are opened": the cue that touches the counted phrase is the number's own
                nearest = min(near, key=lambda cue: (cue.distance(number.start, number.unit_end), not cue.plan))
                if not nearest.plan:
                    continue
                span, target = self._target(doc, text, number, (start, end), near, actions, deadlines)
                set_value(span, target)
                group.append(span)
        return doc

    # ---- candidates ------------------------------------------------------------------------------------------

    def _numbers(self, doc: Doc, start: int, end: int, facts: dict[str, list[Span]]) -> Iterator[_Number]:
        """The percentages and counts of the sentence at tokens ``[start, end)``, in text order; money, dates,
        durations and the baselines of "from 17 to 50%" are none."""
        taken = {
            i for label in ("MONEY", "DATE", "PERCENT") for s in facts.get(label, []) for i in range(s.start, s.end)
        }
        percents = [s for s in facts.get("PERCENT", []) if start <= s.start < end]
        found: list[_Number] = []
        for i, span in enumerate(percents):
            record: Percentage = value_of(span)
            if record.is_points:
                continue
            low = value_of(percents[i - 1]) if i > 0 else None
            if record.range == "low" and span.start > 0 and doc[span.start - 1].lower_ == "from":
                continue  # the baseline: "from 17 to 50%"
            from_low = low is not None and low.range == "low" and doc[percents[i - 1].start - 1].lower_ == "from"
            baseline = low.value if record.range == "high" and from_low else None
            found.append(_Number(span.start, span.end, record.value, span.end, record, baseline))
        text = text_of(doc)
        likes = doc.to_array([LIKE_NUM])[start:end]
        i = start
        while i < end:
            if not likes[i - start] or i in taken or doc[i].lower_ == "one":
                i += 1
                continue
            match = self.numbers.number.match(text, doc[i].idx)
            span = doc.char_span(doc[i].idx, match.end(), alignment_mode="contract") if match else None
            phrase = self.numbers.read(match.group(), matched=True) if match and span is not None else None
            if span is None or phrase is None:
                i += 1
                continue
            if not self._is_duration(doc, span.end) and not _is_year(match.group()):
                unit_end = self._unit_end(doc, span.end, end)
                found.append(_Number(span.start, span.end, float(phrase.value), unit_end))
            i = span.end
        return iter(sorted(found, key=lambda n: n.start))

    def _is_duration(self, doc: Doc, after: int) -> bool:
        """ "12 months", "a 5-year plan" """
        words = [t.lower_ for t in doc[after : after + 3] if t.text not in ("-", "–")]
        return bool(words) and words[0] in self.durations

    # ---- the record --------------------------------------------------------------------------------------------

    def _target(
        self,
        doc: Doc,
        text: str,
        number: _Number,
        sentence: tuple[int, int],
        cues: list[_Cue],
        actions: list[tuple[int, int, int]],
        deadlines: list[_Deadline],
    ) -> tuple[Span, Target]:
        if number.percent is not None:
            span = doc[number.start : number.end]
            unit = self._indicator(doc, number, sentence, cues)
            qualifier, range_end = (
                number.percent.qualifier,
                None if number.baseline is not None else number.percent.range,
            )
        else:
            span = doc[number.start : number.unit_end]
            unit = doc[number.end : number.unit_end].text or None
            qualifier, range_end = self.qualifiers.before(text, span.start_char), None
        deadline = _deadline_of(doc, number, sentence, deadlines)
        target = Target(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            value=number.value,
            is_percentage=number.percent is not None,
            unit=unit,
            action=_action(doc, number, sentence, actions),
            year=_year(deadline),
            deadline=deadline,
            baseline=number.baseline,
            qualifier=qualifier if isinstance(qualifier, Qualifier) else Qualifier(qualifier),
            range=range_end,
            sentence_start=doc[sentence[0]].idx,
            sentence_end=doc[sentence[1] - 1].idx + len(doc[sentence[1] - 1].text),
        )
        return Span(doc, span.start, span.end, label="TARGET"), target

    def _unit_end(self, doc: Doc, start: int, limit: int) -> int:
        """End of the phrase of what is counted after a number: "650 [primary health care facilities] in ..." """
        end = start
        while end < min(limit, start + _UNIT_WORDS):
            token = doc[end]
            if token.lower_ in self.stops or not (token.is_alpha or token.text in ("'s", "-")):
                break
            end += 1
        while end > start and not doc[end - 1].is_alpha:
            end -= 1
        return end

    def _indicator(self, doc: Doc, number: _Number, sentence: tuple[int, int], cues: list[_Cue]) -> str | None:
        """What a percentage target measures: the object of the verb before it ("increase [the share of renewable
        energy] from 17 to 50%"), else the words before the plan cue of its clause ("[revaccination] will cover at
        least 65%")."""
        low = max(sentence[0], number.start - _INDICATOR_WINDOW)
        verb = next((i for i in range(number.start - 1, low - 1, -1) if doc[i].lower_ in self.indicator_starts), None)
        if verb is not None:
            end = next((i for i in range(verb + 1, number.start) if doc[i].lower_ in ("to", "from", "by", "up")), None)
            if end is not None and end > verb + 1:
                return _trimmed(doc[verb + 1 : end])
        cue = next((c for c in reversed(cues) if c.plan and low <= c.start < number.start), None)
        if cue is None:
            return None
        first = cue.start
        while first > sentence[0] and doc[first - 1].is_alpha and doc[first - 1].lower_ not in self.stops:
            first -= 1
        return _trimmed(doc[first : cue.start])

    def _deadline(self, doc: Doc, date_span: Span, published: date | None) -> _Deadline | None:
        """The date as a deadline, when a deadline word stands before it. It marks a plan when not in the past
        of the document's date, an achievement when it is ("by 2020, 100 schools were built")."""
        words = next(
            (
                w
                for w in self.deadline_words
                if date_span.start >= len(w)
                and [t.lower_ for t in doc[date_span.start - len(w) : date_span.start]] == list(w)
            ),
            None,
        )
        record: DateMention = value_of(date_span)
        if words is None:
            return None
        strong = " ".join(words) in _STRONG_DEADLINES
        if record.value is None or published is None:
            return _Deadline(date_span, True if strong else None)
        last = (record.value_end or record.value).year
        if last < published.year:
            return _Deadline(date_span, False)
        return _Deadline(date_span, True if last > published.year or strong else None)


def _longest(matches: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Of overlapping phrase matches the longest: "the plan of" (not a plan) over "plan"."""
    kept: list[tuple[int, int, int]] = []
    for match in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if all(match[2] <= other[1] or match[1] >= other[2] for other in kept):
            kept.append(match)
    return kept


def _has_date(doc: Doc) -> bool:
    return any(span.label_ == "DATE" for span in doc.spans.get(SPANS_KEY, []))


def _facts_by_label(doc: Doc) -> dict[str, list[Span]]:
    facts: dict[str, list[Span]] = {}
    for span in doc.spans.get(SPANS_KEY, []):
        facts.setdefault(span.label_, []).append(span)
    for spans in facts.values():
        spans.sort(key=lambda s: s.start)
    return facts


def _sentences(doc: Doc, ends: set[int]) -> Iterator[tuple[int, int]]:
    """Token ranges of the sentences: ended by ".", "!" or "?" tokens (spaCy keeps "Dec." and "A." whole) and
    by line breaks."""
    rows = doc.to_array([ORTH, IS_SPACE]).tolist()
    strings = doc.vocab.strings
    start = 0
    for i, (orth, space) in enumerate(rows):
        if orth in ends or (space and "\n" in strings[orth]) or doc[i].whitespace_ == "\n":
            if i + 1 > start:
                yield start, i + 1
            start = i + 1
    if start < len(rows):
        yield start, len(rows)


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")


def _trimmed(span: Span) -> str | None:
    words = [t for t in span if t.is_alpha or t.text in ("'s", "-")]
    while words and words[0].lower_ in _DETERMINERS:
        words = words[1:]
    return " ".join(t.text for t in words) or None


def _action(doc: Doc, number: _Number, sentence: tuple[int, int], actions: list[tuple[int, int, int]]) -> TargetAction:
    """The action whose word is nearest the number in its sentence: "build 650 facilities", "32 hospitals will be
    modernised"."""
    inside = [m for m in actions if sentence[0] <= m[1] < sentence[1]]
    if not inside:
        return TargetAction.other
    key, _, _ = min(inside, key=lambda m: (max(m[1] - number.end, number.start - m[2], 0), m[1] > number.start))
    return TargetAction(doc.vocab.strings[key])


def _clause(doc: Doc, at: int, sentence: tuple[int, int]) -> tuple[int, int]:
    start = at
    while start > sentence[0] and not _breaks(doc, start - 1):
        start -= 1
    end = at
    while end < sentence[1] and not _breaks(doc, end):
        end += 1
    return start, end


def _breaks(doc: Doc, i: int) -> bool:
    """A clause ends at token ``i``: ";", "while", or a comma before a conjunction ("…to 75%, and by 2025 …")."""
    word = doc[i].lower_
    return word in _CLAUSE_BREAKS or (word == "," and i + 1 < len(doc) and doc[i + 1].lower_ in _CONJUNCTIONS)


def _deadline_of(
    doc: Doc, number: _Number, sentence: tuple[int, int], deadlines: list[_Deadline]
) -> DateMention | None:
    """The deadline of a target: the nearest of its clause, else the nearest before it in its sentence, which
    covers the sentence ("By 2025, it is planned to build 650 facilities; 32 hospitals will be modernised")."""
    clause = _clause(doc, number.start, sentence)
    usable = [d for d in deadlines if clause[0] <= d.span.start < clause[1] and d.plan is not False]
    if not usable:
        usable = [d for d in deadlines if sentence[0] <= d.span.start < number.start and d.plan]
    if not usable:
        return None
    nearest = min(usable, key=lambda d: max(d.span.start - number.end, number.start - d.span.end, 0))
    return value_of(nearest.span)


def _year(deadline: DateMention | None) -> int | None:
    if deadline is None or deadline.value is None:
        return None
    return (deadline.value_end or deadline.value).year


@Language.factory("govextract_targets", default_config={"patterns": None})
def make_targets(nlp: Language, name: str, patterns: str | None) -> TargetRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    return TargetRecognizer(nlp, name, load_patterns(patterns))
