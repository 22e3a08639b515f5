"""``govextract_targets``: planned quantities with their deadlines (TARGET spans), told apart from achievements.

A number is a target when the cue nearest to it in its sentence is a plan cue ("it is planned", "will", "is to
be", "by 2025") rather than one of an achievement, a current level, a past plan or someone else's recommendation
("were opened", "amounted to", "the plan of", "the WHO recommends"): in "8 centres were opened last year and 10
more will open next year" each number takes the cue beside it. The cues are data (``patterns/targets.json``).
Money is never a target (planned spending is an amount); percentages are, and stay PERCENT facts as well, so
this component runs after the numbers layer and reads its spans.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, LIKE_NUM, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from govextract.components.spans import (
    SPANS_KEY,
    longest_first,
    model_hints,
    register_extensions,
    set_value,
    text_of,
    value_of,
)
from govextract.normalize.numbers import number_grammar
from govextract.normalize.qualifiers import cue_pattern
from govextract.records import DateMention, Granularity, Percentage, Target, TargetAction
from govextract.resources import Patterns, load_patterns

_UNIT_WORDS = 6  # the longest phrase of what is counted: "primary health care facilities" and a modifier or two
_INDICATOR_WINDOW = 15  # tokens before a percentage searched for the verb whose object is the indicator
_STRONG_DEADLINES = {"by", "until", "till", "before", "end of", "the end of"}


class _Words:
    """The string hashes of the small closed word classes the rules test, so that a document's tokens are
    compared as integers from one ``to_array`` instead of as Token objects."""

    def __init__(self, strings: StringStore, lexicon: dict[str, list[str]]) -> None:
        def ids(words: Iterable[str]) -> frozenset[int]:
            return frozenset(strings.add(w.lower()) for w in words)

        self.sentence_ends = ids([".", "!", "?"])
        self.clause_breaks = ids([";", "while", "whereas", "but"])
        # "…to at least 80%, against 69 per cent today": the comparison is a clause of its own
        self.conjunctions = ids(["and", "but", "or", "while", "whereas", "against", "compared", "versus"])
        self.range_links = ids(["to", "-", "–", "and"])
        self.comma = strings.add(",")
        self.boundaries = np.array(sorted(self.sentence_ends | self.clause_breaks | {self.comma}), dtype=np.uint64)
        self.from_ = strings.add("from")
        self.of = strings.add("of")
        self.to = strings.add("to")
        self.at = strings.add("at")
        self.one = strings.add("one")  # "one of the", "one more": a pronoun far more often than a count
        self.joiners = ids(["-", "–", "'s"])
        self.indicator_ends = ids(["to", "from", "by", "up", "down", "into", "below", "above"])
        self.pronouns = ids(["it", "them", "they", "this", "these", "those", "its", "their", "which"])
        self.bases = ids(["gdp", "total", "level", "norm"])  # "5% of GDP": what the share is taken of
        self.inside_phrase = ids(["of", "in", "for", "to", "with", "and", "the", "a", "an"])
        self.determiners = ids(["the", "a", "an", "its", "their", "this", "these"])
        self.stops = ids(lexicon["unit_stops"])
        self.durations = ids(lexicon["durations"])
        self.indicator_starts = ids(lexicon["indicator_starts"])
        self.money = ids(lexicon["money_words"])
        self.before_non_counts = ids(lexicon["before_non_counts"])
        self.other_actors = ids(lexicon["other_actors"])


@dataclass(frozen=True, slots=True)
class _Doc:
    """One document as the rules read it: per token its lower-case hash and flags, and the sentences."""

    doc: Doc
    lower: list[int]
    alpha: list[int]
    numbers: list[int]  # the tokens like a number
    idx: list[int]  # character offsets of the tokens
    sentences: list[tuple[int, int]]  # token ranges
    sentence_starts: list[int]
    breaks: list[int]  # the tokens that end a clause

    @classmethod
    def read(cls, doc: Doc, words: _Words) -> _Doc:
        # Each column of to_array costs about as much as the tokenizer's work on a tenth of the text: only four.
        rows = doc.to_array([LOWER, IS_ALPHA, LIKE_NUM, IDX])
        lower_column = rows[:, 0]
        lower: list[int] = lower_column.tolist()
        idx: list[int] = rows[:, 3].tolist()
        # Sentences end at ".", "!" or "?" tokens (spaCy keeps "Dec." and "A." whole) and at line breaks. A clause
        # ends at ";", "while", or a comma before a conjunction ("…to 75%, and by 2025 …"): a deadline written in
        # one clause is not another's.
        ends, breaks = [], []
        for i in np.flatnonzero(np.isin(lower_column, words.boundaries)).tolist():
            word = lower[i]
            if word in words.sentence_ends:
                ends.append(i)
            elif word != words.comma or (i + 1 < len(lower) and lower[i + 1] in words.conjunctions):
                breaks.append(i)
        text = text_of(doc)
        newline = text.find("\n")
        while newline >= 0:  # a line break is a whitespace token of its own, or trails the token before it
            ends.append(bisect_right(idx, newline) - 1)
            newline = text.find("\n", newline + 1)
        stops = sorted({0, *(i + 1 for i in ends), len(lower)})
        sentences = [(a, b) for a, b in pairwise(stops) if b > a]
        starts = [a for a, _ in sentences]
        numbers = np.flatnonzero(rows[:, 2]).tolist()
        return cls(doc, lower, rows[:, 1].tolist(), numbers, idx, sentences, starts, breaks)

    def sentence_of(self, i: int) -> tuple[int, int]:
        return self.sentences[bisect_left(self.sentence_starts, i + 1) - 1]

    def clause_of(self, i: int, sentence: tuple[int, int]) -> tuple[int, int]:
        """The clause of token ``i`` within its sentence: from after the break before it to the break after it."""
        at = bisect_left(self.breaks, i)
        start = self.breaks[at - 1] + 1 if at > 0 else 0
        end = self.breaks[at] if at < len(self.breaks) else len(self.lower)
        return max(start, sentence[0]), min(end, sentence[1])


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int  # token indices
    end: int
    plan: bool

    def distance(self, start: int, end: int) -> int:
        return _gap(start, end, self.start, self.end)


@dataclass(frozen=True, slots=True)
class _Deadline:
    """A deadline at tokens ``[start, end)``: a DATE fact (``mention``) or a relative phrase the dates layer does not
    tag ("by the end of the year", "this month"). ``plan``: whether it marks a plan (True), an achievement (False: a
    past date) or neither (None: "in 2021" in a release of 2021)."""

    start: int
    end: int
    year: int | None
    plan: bool | None
    mention: DateMention | None = None


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
        # One matcher for the cues, the relative deadlines and the action words: one pass over the Doc; the
        # actions' matches are kept apart from the cues' (they overlap: "were opened" and "opened").
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases.add("PLAN", list(nlp.tokenizer.pipe(lexicon["plan_cues"])))
        self.phrases.add("NOT_PLAN", list(nlp.tokenizer.pipe(lexicon["not_plan_cues"])))
        self.plan_key = nlp.vocab.strings["PLAN"]
        for action, forms in lexicon["actions"].items():
            self.phrases.add(TargetAction(action).value, list(nlp.tokenizer.pipe(forms)))
        self.action_keys = {nlp.vocab.strings[a.value] for a in TargetAction if a is not TargetAction.other}
        strings = nlp.vocab.strings
        # by their last word, the one right before a date
        self.deadline_words: dict[int, list[tuple[int, ...]]] = {}
        for phrase in lexicon["deadline_words"]:
            ids = tuple(strings.add(w) for w in phrase.lower().split())
            self.deadline_words.setdefault(ids[-1], []).append(ids)
        self.strong_deadlines = {tuple(strings.add(w) for w in words.split()) for words in _STRONG_DEADLINES}
        self.words = _Words(strings, lexicon)
        self.relative_years: dict[str, int] = {k.lower(): v for k, v in lexicon["relative_deadlines"].items()}
        self.phrases.add("RELATIVE", list(nlp.tokenizer.pipe(self.relative_years)))
        self.relative_key = nlp.vocab.strings["RELATIVE"]
        self.numbers = number_grammar(patterns)
        self.qualifiers = cue_pattern(patterns)
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        hints = model_hints(doc)
        # The model's targets choose among the same candidate numbers as the rules, and a chosen number becomes a
        # Target by the same reading of value, unit and deadline.
        marked = [] if hints is None else hints.ranges("TARGET")
        rules = hints is None or hints.mode == "combined"
        found = self.phrases(doc)
        matches = longest_first((m for m in found if m[0] not in self.action_keys), _extent)
        relative = [(start, end) for key, start, end in matches if key == self.relative_key]
        cues = [_Cue(start, end, key == self.plan_key) for key, start, end in matches if key != self.relative_key]
        facts = _facts_by_label(doc)
        if not marked and not any(cue.plan for cue in cues) and "DATE" not in facts:
            return doc
        words = _Doc.read(doc, self.words)
        published: date | None = doc._.published
        deadlines = [d for span in facts.get("DATE", []) if (d := self._deadline(words, span, published)) is not None]
        deadlines += self._relative_deadlines(doc, words, relative, published)
        cues += [_Cue(d.start, d.end, d.plan) for d in deadlines if d.plan is not None]
        cues += self._headline_cues(words)
        cues.sort(key=lambda cue: cue.start)
        planned = {words.sentence_of(cue.start) for cue in cues if cue.plan} if rules else set()
        sentences = planned | {words.sentence_of(start) for start, _ in marked}
        if not sentences:
            return doc
        actions = longest_first((m for m in found if m[0] in self.action_keys), _extent)
        taken = {
            i for label in ("MONEY", "DATE", "PERCENT") for s in facts.get(label, []) for i in range(s.start, s.end)
        }
        group = doc.spans.setdefault(SPANS_KEY, [])
        for sentence in sorted(sentences):
            near = [cue for cue in cues if sentence[0] <= cue.start < sentence[1]]
            for number in self._numbers(words, sentence, facts.get("PERCENT", []), taken):
                by_model = any(start < number.end and number.start < end for start, end in marked)
                by_rules = sentence in planned and self._planned(words, number, sentence, near)
                # "combined": the rules' targets, and the model's in a sentence with a plan cue (dev split: F1 0.887,
                # against 0.793 for all of the model's and 0.841 for those both find; docs/transformer.md)
                if by_rules or (by_model and (not rules or sentence in planned)):
                    span, target = self._target(words, number, sentence, cues, actions, deadlines)
                    set_value(span, target)
                    group.append(span)
        return doc

    def _planned(self, words: _Doc, number: _Number, sentence: tuple[int, int], near: list[_Cue]) -> bool:
        """The rules' verdict: the cues of the number's clause ("it is planned to create 210 thousand jobs; so far,
        82 thousand ..."), else of its sentence; of those, the one that touches the counted phrase ("8 new centres
        are opened") is the number's own, and it must be a plan cue of the government's."""
        clause = words.clause_of(number.start, sentence)
        own = [cue for cue in near if clause[0] <= cue.start < clause[1]] or near
        nearest = min(own, key=lambda cue: (cue.distance(number.start, number.unit_end), not cue.plan))
        return nearest.plan and not self._by_other_actor(words, clause, nearest)

    # ---- candidates ------------------------------------------------------------------------------------------

    def _numbers(self, words: _Doc, sentence: tuple[int, int], percents: list[Span], taken: set[int]) -> list[_Number]:
        """The percentages and counts of a sentence, in text order; money, dates, durations and the baselines of
        "from 17 to 50%" are none."""
        start, end = sentence
        lower = words.lower
        found: list[_Number] = []
        inside = [s for s in percents if start <= s.start < end]
        for i, span in enumerate(inside):
            record: Percentage = value_of(span)
            before = lower[span.start - 1] if span.start > 0 else None
            # "from 57 to 45%": the first end, whichever of low and high it is
            opens_range = record.range is not None and before == self.words.from_
            # the low end of "between 3 and 4% of its spending" is read with its high end
            whole = inside[i + 1] if record.range == "low" and i + 1 < len(inside) else span
            # a baseline, "from [17] to 50%", is a part of the target; "50% of the premiums" is a share of money;
            # "loans at 5%" is a rate
            if record.is_points or opens_range or before == self.words.at or self._of_money(words, whole.end, end):
                continue
            low = inside[i - 1] if i > 0 else None
            from_low = low is not None and value_of(low).range is not None and lower[low.start - 1] == self.words.from_
            baseline = value_of(low).value if record.range is not None and from_low else None  # type: ignore[union-attr]
            found.append(_Number(span.start, span.end, record.value, span.end, record, baseline))
        text = text_of(words.doc)
        covered = start  # the tokens before it are part of a number read already
        for i in words.numbers[bisect_left(words.numbers, start) : bisect_left(words.numbers, end)]:
            # "children aged 2 to 6": an age; "in ten regions": a scope; "Seven Rivers Technologies": a name
            aged = i > 0 and lower[i - 1] in self.words.before_non_counts
            aged |= i > 1 and lower[i - 1] == self.words.of and lower[i - 2] in self.words.before_non_counts
            aged |= i > 2 and lower[i - 1] in self.words.range_links and lower[i - 3] in self.words.before_non_counts
            named = i > start and text[words.idx[i]].isupper()  # digits are never upper case
            if i < covered or i in taken or lower[i] == self.words.one or aged or named:
                continue
            match = self.numbers.number.match(text, words.idx[i])
            stop = self._covered(words, i, match.end()) if match else i  # the tokens the number covers
            phrase = self.numbers.read(match.group(), matched=True) if match and stop > i else None
            if phrase is None:
                continue
            # "a 1.5-kilometre water main": a measure that describes a thing; "from 560 thousand to 400 thousand":
            # the baseline of the count after
            modifier = stop < end and lower[stop] in self.words.joiners and words.idx[stop] == match.end()
            baseline = i > 0 and lower[i - 1] == self.words.from_ and stop < end and lower[stop] == self.words.to
            # "nine of which are already working": a part of the count before
            part = stop + 1 < end and lower[stop] == self.words.of and lower[stop + 1] in self.words.pronouns
            if not (modifier or baseline or part or self._is_duration(words, stop) or _is_year(match.group())):
                found.append(_Number(i, stop, float(phrase.value), self._unit_end(words, stop, end)))
            covered = stop
        return sorted(found, key=lambda n: n.start)

    @staticmethod
    def _covered(words: _Doc, start: int, end_char: int) -> int:
        """The end of the tokens from ``start`` that lie wholly before ``end_char`` (spaCy's "contract")."""
        stop = bisect_left(words.idx, end_char, start + 1)
        last = words.doc[stop - 1]
        return stop - 1 if last.idx + len(last.text) > end_char else stop

    def _by_other_actor(self, words: _Doc, clause: tuple[int, int], cue: _Cue) -> bool:
        """The plan is a company's or another body's: "A Chinese investor plans to build a wind farm", "the World
        Health Organization aims to vaccinate 90%", "the European Union's goal is ..." (its words before the cue)."""
        return any(w in self.words.other_actors for w in words.lower[clause[0] : cue.start])

    def _of_money(self, words: _Doc, after: int, limit: int) -> bool:
        """ "of the insurance premiums", "of their income": the words after "of" name money."""
        if after >= limit or words.lower[after] != self.words.of:
            return False
        return any(w in self.words.money for w in words.lower[after + 1 : min(limit, after + 5)])

    def _is_duration(self, words: _Doc, after: int) -> bool:
        """ "for 12 months", "a 5-year plan", "within ten working days" """
        following = [w for w in words.lower[after : after + 3] if w not in self.words.joiners][:2]
        return any(w in self.words.durations for w in following)

    def _unit_end(self, words: _Doc, start: int, limit: int, skip_determiners: bool = False) -> int:
        """End of the phrase of what is counted after a number: "650 [primary health care facilities] in ...";
        with ``skip_determiners``, after "of": "of [the population]"."""
        end = start
        if skip_determiners:
            while end < limit and words.lower[end] in self.words.determiners:
                end += 1
        while end < min(limit, start + _UNIT_WORDS):
            word = words.lower[end]
            if word in self.words.stops or not (words.alpha[end] or word in self.words.joiners):
                break
            end += 1
        while end > start and not words.alpha[end - 1]:
            end -= 1
        return end

    def _deadline(self, words: _Doc, date_span: Span, published: date | None) -> _Deadline | None:
        """The date as a deadline: after a deadline word ("by 2025"), or a month, year or period not before the
        document's year ("next year 10 more will open"; a day alone is when something happened). After a deadline
        word it marks a plan when not in the past of the document's date, an achievement when it is ("by 2020,
        100 schools were built")."""
        record: DateMention = value_of(date_span)
        last = None if record.value is None else (record.value_end or record.value).year
        before = self._deadline_word(words, date_span.start)
        if before is None:
            later = last is not None and published is not None and last >= published.year
            if later and record.granularity is not Granularity.day:
                return _Deadline(date_span.start, date_span.end, last, None, record)
            return None
        plan = self._plan(before, last, published)
        return _Deadline(date_span.start, date_span.end, last, plan, record)

    def _relative_deadlines(
        self, doc: Doc, words: _Doc, phrases: list[tuple[int, int]], published: date | None
    ) -> list[_Deadline]:
        """ "by the end of the year", "this month": deadlines in the document's year that are not DATE facts."""
        found = []
        for start, end in phrases:
            year = None if published is None else published.year + self.relative_years[doc[start:end].text.lower()]
            before = self._deadline_word(words, start)
            found.append(_Deadline(start, end, year, None if before is None else self._plan(before, year, published)))
        return found

    def _headline_cues(self, words: _Doc) -> list[_Cue]:
        """In a headline, "to" before a verb is the future: "Kazakhstan to repair 12 thousand kilometres of roads"."""
        if not words.sentences:
            return []
        start, end = words.sentences[0]
        if words.lower[end - 1] in self.words.sentence_ends:  # a sentence, not a headline
            return []
        return [
            _Cue(i, i + 2, True)
            for i in range(start, end - 1)
            if words.lower[i] == self.words.to and words.alpha[i + 1]
        ]

    def _deadline_word(self, words: _Doc, at: int) -> tuple[int, ...] | None:
        if at == 0:
            return None
        phrases = self.deadline_words.get(words.lower[at - 1], ())
        return max((w for w in phrases if tuple(words.lower[max(0, at - len(w)) : at]) == w), key=len, default=None)

    def _plan(self, word: tuple[int, ...], year: int | None, published: date | None) -> bool | None:
        strong = word in self.strong_deadlines
        if year is None or published is None:
            return True if strong else None
        if year < published.year:
            return False
        return True if year > published.year or strong else None

    # ---- the record --------------------------------------------------------------------------------------------

    def _target(
        self,
        words: _Doc,
        number: _Number,
        sentence: tuple[int, int],
        cues: list[_Cue],
        actions: list[tuple[int, int, int]],
        deadlines: list[_Deadline],
    ) -> tuple[Span, Target]:
        doc, text = words.doc, text_of(words.doc)
        verb, unit = None, None
        span = Span(doc, number.start, number.end if number.percent else number.unit_end, label="TARGET")
        if number.percent is not None:
            verb, unit = self._indicator(words, number, sentence, cues)
            qualifier = number.percent.qualifier
            range_end = None if number.baseline is not None else number.percent.range
        else:
            if number.unit_end > number.end:
                unit = text[words.idx[number.end] : span.end_char]
            qualifier, range_end = self.qualifiers.before(text, span.start_char), None
        deadline = self._deadline_of(words, number, sentence, deadlines)
        last = doc[sentence[1] - 1]
        target = Target(
            text=text[span.start_char : span.end_char],
            start=span.start_char,
            end=span.end_char,
            value=number.value,
            is_percentage=number.percent is not None,
            unit=unit,
            action=_action(doc, number, sentence, actions, verb),
            year=None if deadline is None else deadline.year,
            deadline=None if deadline is None else deadline.mention,
            baseline=number.baseline,
            qualifier=qualifier,
            range=range_end,
            sentence_start=words.idx[sentence[0]],
            sentence_end=last.idx + len(last.text),
        )
        return span, target

    def _indicator(
        self, words: _Doc, number: _Number, sentence: tuple[int, int], cues: list[_Cue]
    ) -> tuple[int | None, str | None]:
        """What a percentage target measures, and the verb it follows. In order: the phrase after "of" ("employ
        70% [of graduates]"), the object of the verb before it ("increase [the share of renewable energy] from 17
        to 50%"), the subject before its plan cue ("[the share of renewables] is to reach 6%"); a pronoun there
        ("bring [it] down to 40%") stands for the subject of the sentence before."""
        lower, low = words.lower, max(sentence[0], number.start - _INDICATOR_WINDOW)
        counted = self._of_phrase(words, number.end, sentence[1])
        if counted is not None:
            return None, counted
        starts, ends = self.words.indicator_starts, self.words.indicator_ends
        verb = next((i for i in range(number.start - 1, low - 1, -1) if lower[i] in starts), None)
        phrase: tuple[int, int] | None = None
        if verb is not None:
            end = next((i for i in range(verb + 1, number.start) if lower[i] in ends), None)
            if end is not None and end > verb + 1:
                phrase = (verb + 1, end)
        if phrase is None:
            before = [c for c in cues if c.plan and low <= c.start < number.start]
            cue = max(before, key=lambda c: c.start, default=None)
            phrase = None if cue is None else (self._subject_start(words, cue.start, sentence[0]), cue.start)
        unit = None if phrase is None else self._trimmed(words, *phrase)
        if unit is not None and not set(lower[phrase[0] : phrase[1]]) <= self.words.pronouns:  # type: ignore[index]
            return verb, unit
        # "and by 2030 15 per cent": the indicator named earlier in the sentence; "bring it down to 40%": in the
        # sentence before
        earlier = self._subject(words, (sentence[0], number.start), cues)
        if earlier is None and sentence[0] > 0:
            earlier = self._subject(words, words.sentence_of(sentence[0] - 1), cues)
        return verb, earlier

    def _of_phrase(self, words: _Doc, at: int, limit: int) -> str | None:
        """ "of graduates", "of local roads" after a percentage; not "of GDP" (a base, not what is counted) nor "of
        those previously vaccinated"."""
        if at >= limit or words.lower[at] != self.words.of:
            return None
        end = self._unit_end(words, at + 1, limit, skip_determiners=True)
        phrase = [w for w in words.lower[at + 1 : end] if w not in self.words.determiners]
        if not phrase or phrase[0] in self.words.pronouns or phrase[-1] in self.words.bases:
            return None
        return self._trimmed(words, at + 1, end)

    def _subject_start(self, words: _Doc, end: int, limit: int) -> int:
        """Where the subject before token ``end`` starts: words and the small words inside a noun phrase ("the
        share of renewables in electricity generation"), back to punctuation or the sentence start."""
        start = end
        while start > limit and (words.alpha[start - 1] or words.lower[start - 1] in self.words.joiners):
            if words.lower[start - 1] in self.words.stops and words.lower[start - 1] not in self.words.inside_phrase:
                break
            start -= 1
        return start

    def _subject(self, words: _Doc, stretch: tuple[int, int], cues: list[_Cue]) -> str | None:
        """The first subject in a stretch of tokens: the words before one of its cues ("[The share of roads]
        amounted to 89%"), pronouns aside."""
        for cue in cues:
            if stretch[0] <= cue.start < stretch[1]:
                start = self._subject_start(words, cue.start, stretch[0])
                if not set(words.lower[start : cue.start]) <= self.words.pronouns:
                    return self._trimmed(words, start, cue.start)
        return None

    def _trimmed(self, words: _Doc, start: int, end: int) -> str | None:
        """The words of a phrase without the small words around it ("the", "and", "of")."""
        while start < end and words.lower[start] in self.words.inside_phrase:
            start += 1
        while end > start and words.lower[end - 1] in self.words.inside_phrase:
            end -= 1
        kept = [t.text for t in words.doc[start:end] if t.is_alpha or t.lower in self.words.joiners]
        return " ".join(kept) or None

    def _deadline_of(
        self, words: _Doc, number: _Number, sentence: tuple[int, int], deadlines: list[_Deadline]
    ) -> _Deadline | None:
        """The deadline of a target: the nearest of its clause, else the nearest of its sentence that is not in the
        past ("Works will cover 5,500 km, and 2,800 km are to be done by the end of this year": both by then)."""
        clause = words.clause_of(number.start, sentence)
        usable = [d for d in deadlines if clause[0] <= d.start < clause[1] and d.plan is not False]
        if not usable:
            usable = [d for d in deadlines if sentence[0] <= d.start < sentence[1] and d.plan is not False]
        if not usable:
            return None
        return min(usable, key=lambda d: _gap(number.start, number.end, d.start, d.end))


def _extent(match: tuple[int, int, int]) -> tuple[int, int]:
    """The tokens a PhraseMatcher match covers."""
    return match[1], match[2]


def _gap(start: int, end: int, other_start: int, other_end: int) -> int:
    """Tokens between two ranges, 0 when they touch or overlap."""
    return max(other_start - end, start - other_end, 0)


def _facts_by_label(doc: Doc) -> dict[str, list[Span]]:
    facts: dict[str, list[Span]] = {}
    for span in doc.spans.get(SPANS_KEY, []):
        facts.setdefault(span.label_, []).append(span)
    for spans in facts.values():
        spans.sort(key=lambda s: s.start)
    return facts


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")


def _action(
    doc: Doc, number: _Number, sentence: tuple[int, int], actions: list[tuple[int, int, int]], verb: int | None
) -> TargetAction:
    """The action of the verb a percentage's indicator follows ("increase the share ... to 50%"), else the one
    whose word is nearest the number in its sentence ("build 650 facilities", "32 hospitals will be modernised")."""
    inside = [m for m in actions if sentence[0] <= m[1] < sentence[1]]
    own = next((m for m in inside if m[1] == verb), None)
    if own is None and not inside:
        return TargetAction.other
    key, _, _ = own or min(inside, key=lambda m: (_gap(number.start, number.end, m[1], m[2]), m[1] > number.start))
    return TargetAction(doc.vocab.strings[key])


@Language.factory("govextract_targets", default_config={"patterns": None})
def make_targets(nlp: Language, name: str, patterns: str | None) -> TargetRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    return TargetRecognizer(nlp, name, load_patterns(patterns))
