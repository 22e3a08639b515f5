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
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, LIKE_NUM, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from govextract.components.spans import (
    ModelHints,
    add_spans,
    facts_of,
    longest_first,
    model_hints,
    register_extensions,
    set_value,
    text_of,
)
from govextract.normalize.numbers import NumberGrammar, number_grammar
from govextract.normalize.qualifiers import cue_pattern
from govextract.records import DateMention, Granularity, Percentage, Target, TargetAction
from govextract.resources import Patterns, load_patterns

MODEL_SURE = 0.9
"""The model's mean probability above which, in "combined" mode, it adds a target the rules turned down (dev split:
F1 0.930 against 0.917 for the rules alone, 0.905 at 0.95, 0.899 at 0.9 when it may add in any planned sentence)."""
_UNIT_WORDS = 6  # the longest phrase of what is counted: "primary health care facilities" and a modifier or two
_INDICATOR_WINDOW = 15  # tokens before a percentage searched for the verb whose object is the indicator
_STRONG_DEADLINES = {"by", "until", "till", "before", "end of", "the end of"}

_Fact = tuple[int, int, Any]
"""A fact of the numbers layer: its tokens ``[start, end)`` and its record."""
_start = itemgetter(0)


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
        self.year_indicators = ids(lexicon["year_indicators"])
        self.level_links = ids(["to", "reach", "reaches", "reaching"])


@dataclass(frozen=True, slots=True)
class _Doc:
    """One document as the rules read it: per token its lower-case hash and flags, and the sentences."""

    doc: Doc
    text: str
    lower: list[int]
    alpha: list[int]
    numbers: list[int]  # the tokens like a number
    idx: list[int]  # character offsets of the tokens
    stops: list[int]  # where sentences start, and the end of the last: sentence k is tokens [stops[k], stops[k+1])
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
        # one clause is not another's. The boundary words are where searchsorted puts them among the sorted
        # boundaries: a third of the time of np.isin, which sorts the document's words.
        boundaries = words.boundaries
        found = boundaries.take(boundaries.searchsorted(lower_column), mode="clip") == lower_column
        stops, breaks = {0, len(lower)}, []  # stops: where a sentence starts (after one ends), and the end
        for i in found.nonzero()[0].tolist():
            word = lower[i]
            if word in words.sentence_ends:
                stops.add(i + 1)
            elif word != words.comma or (i + 1 < len(lower) and lower[i + 1] in words.conjunctions):
                breaks.append(i)
        text = text_of(doc)
        newline = text.find("\n")
        while newline >= 0:  # a line break is a whitespace token of its own, or trails the token before it
            stops.add(bisect_right(idx, newline))
            newline = text.find("\n", newline + 1)
        numbers = rows[:, 2].nonzero()[0].tolist()
        return cls(doc, text, lower, rows[:, 1].tolist(), numbers, idx, sorted(stops), breaks)

    def tokens(self, facts: list[tuple[int, int, Any]]) -> list[_Fact]:
        """Facts at character offsets of whole tokens as token ranges, in text order."""
        idx = self.idx
        found = [(bisect_left(idx, start), bisect_left(idx, end), value) for start, end, value in facts]
        found.sort(key=_start)
        return found

    def word(self, i: int) -> str:
        """The text of token ``i``, a word or a joiner, from the Doc's text rather than a Token object: spaCy's
        text is its tokens' texts each with its whitespace (one space or none), and no token but one of
        whitespace holds any, so it runs to the next token less one space."""
        end = self.idx[i + 1] if i + 1 < len(self.idx) else len(self.text)
        return self.text[self.idx[i] : end].removesuffix(" ")

    def sentence_of(self, i: int) -> tuple[int, int]:
        at = bisect_right(self.stops, i)
        return self.stops[at - 1], self.stops[at]

    def clause_of(self, i: int, sentence: tuple[int, int]) -> tuple[int, int]:
        """The clause of token ``i`` within its sentence: from after the break before it to the break after it."""
        at = bisect_left(self.breaks, i)
        start = self.breaks[at - 1] + 1 if at > 0 else 0
        end = self.breaks[at] if at < len(self.breaks) else len(self.lower)
        return max(start, sentence[0]), min(end, sentence[1])


class _Taken:
    """The tokens inside a fact of the numbers layer, told by the facts' character offsets (only dates and
    percentages are read as token ranges): a token is inside one when it starts before the furthest end of those
    that start at or before it."""

    def __init__(self, words: _Doc, facts: dict[str, list[tuple[int, int, Any]]]) -> None:
        extents = sorted((start, end) for chars in facts.values() for start, end, _ in chars)
        self.idx = words.idx
        self.starts = [start for start, _ in extents]
        self.reach = list(accumulate((end for _, end in extents), max))

    def __contains__(self, i: int) -> bool:
        at = self.idx[i]
        k = bisect_right(self.starts, at)
        return k > 0 and self.reach[k - 1] > at


# Named tuples rather than frozen dataclasses: a frozen dataclass sets each field through object.__setattr__,
# which made building the cues of a document cost as much as matching them.
class _Cue(NamedTuple):
    start: int  # token indices
    end: int
    plan: bool


class _Deadline(NamedTuple):
    """A deadline at tokens ``[start, end)``: a DATE fact (``mention``) or a relative phrase the dates layer does not
    tag ("by the end of the year", "this month"). ``plan``: whether it marks a plan (True), an achievement (False: a
    past date) or neither (None: "in 2021" in a release of 2021)."""

    start: int
    end: int
    year: int | None
    plan: bool | None
    mention: DateMention | None = None


class _Number(NamedTuple):
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
        self.actions = {nlp.vocab.strings[a.value]: a for a in TargetAction if a is not TargetAction.other}
        strings = nlp.vocab.strings
        # by their last word, the one right before a date; longest first, so the first that matches is the longest
        self.deadline_words: dict[int, list[tuple[int, ...]]] = {}
        for phrase in lexicon["deadline_words"]:
            ids = tuple(strings.add(w) for w in phrase.lower().split())
            self.deadline_words.setdefault(ids[-1], []).append(ids)
        for phrases in self.deadline_words.values():
            phrases.sort(key=len, reverse=True)
        self.strong_deadlines = {tuple(strings.add(w) for w in words.split()) for words in _STRONG_DEADLINES}
        self.words = _Words(strings, lexicon)
        self.relative_years: dict[str, int] = {k.lower(): v for k, v in lexicon["relative_deadlines"].items()}
        self.phrases.add("RELATIVE", list(nlp.tokenizer.pipe(self.relative_years)))
        self.relative_key = nlp.vocab.strings["RELATIVE"]
        self.phrases.add("BACK", list(nlp.tokenizer.pipe(lexicon["back_references"])))
        self.back_key = nlp.vocab.strings["BACK"]
        self.phrases.add("PAST_PLAN", list(nlp.tokenizer.pipe(lexicon["past_plans"])))
        self.past_key = nlp.vocab.strings["PAST_PLAN"]
        self.phrases.add("PERIOD", list(nlp.tokenizer.pipe(lexicon["open_periods"])))
        self.period_key = nlp.vocab.strings["PERIOD"]
        self.label = strings.add("TARGET")  # a Span takes the hash in a third less time than the string
        self.numbers = number_grammar(patterns)
        self.qualifiers = cue_pattern(patterns)
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        hints = model_hints(doc)
        # The model's targets choose among the same candidate numbers as the rules, and a chosen number becomes a
        # Target by the same reading of value, unit and deadline.
        marked = [] if hints is None else hints.spans.get("TARGET", [])
        rules = hints is None or hints.mode == "combined"
        found = self.phrases(doc)
        # back references, past plans, open periods and actions overlap cues ("to achieve this", "to achieve";
        # "had planned"; "in the next"): kept apart
        apart = (self.back_key, self.past_key, self.period_key)
        matches = longest_first([m for m in found if m[0] not in self.actions and m[0] not in apart], _extent)
        backs, past_plans, periods = (sorted(start for k, start, _ in found if k == key) for key in apart)
        relative = [(start, end) for key, start, end in matches if key == self.relative_key]
        cues = [_Cue(start, end, key == self.plan_key) for key, start, end in matches if key != self.relative_key]
        facts = facts_of(doc, ("MONEY", "PERCENT", "DATE"))
        if not marked and not any(cue.plan for cue in cues) and "DATE" not in facts:
            return doc
        words = _Doc.read(doc, self.words)
        published: date | None = doc._.published
        dates = words.tokens(facts.get("DATE", []))
        deadlines = [d for fact in dates if (d := self._deadline(words, fact, published)) is not None]
        deadlines += self._relative_deadlines(doc, words, relative, published)
        cues += [_Cue(d.start, d.end, d.plan) for d in deadlines if d.plan is not None]
        cues += self._headline_cues(words)
        cues.sort(key=_start)
        planned = {words.sentence_of(cue.start) for cue in cues if cue.plan} if rules else set()
        sentences = sorted(planned | {words.sentence_of(start) for start, _, _ in marked})
        percents = words.tokens(facts.get("PERCENT", []))
        taken = _Taken(words, facts)
        cue_starts = [cue.start for cue in cues]
        actions: list[tuple[int, int, int]] | None = None  # read when a sentence has a number
        percent_starts = [start for start, _, _ in percents]
        for sentence in sentences:
            # half the sentences with a plan cue have no number at all
            if not _holds(words.numbers, sentence) and not _holds(percent_starts, sentence):
                continue
            numbers = self._numbers(words, sentence, percents, taken)
            if not numbers:
                continue
            if actions is None:
                actions = longest_first([m for m in found if m[0] in self.actions], _extent)
                action_starts = [start for _, start, _ in actions]
            first, last = sentence
            near = cues[bisect_left(cue_starts, first) : bisect_left(cue_starts, last)]
            acts = actions[bisect_left(action_starts, first) : bisect_left(action_starts, last)]
            # the deadlines a target of the sentence may take: not in the past
            usable = [d for d in deadlines if first <= d.start < last and d.plan is not False]
            if not usable and _holds(backs, sentence):
                usable = self._earlier_deadline(deadlines, first)
            for number in numbers:
                clause = words.clause_of(number.start, sentence)
                # the model's probability that the number is a target (0 where it marked nothing)
                by_model = max((p for at, end, p in marked if at < number.end and number.start < end), default=0.0)
                if not rules:
                    chosen = by_model > 0
                else:
                    chosen = sentence in planned and self._verdict(
                        words, number, clause, near, past_plans, hints, by_model
                    )
                if chosen:
                    # "in the next three years, 46 clinics are to be built, and by the end of the year ...": a clause
                    # with an open period and no deadline of its own takes none of another clause
                    own = usable
                    if _holds(periods, clause):
                        own = [d for d in usable if clause[0] <= d.start < clause[1]]
                    span, target = self._target(words, number, sentence, clause, near, cues, acts, own)
                    set_value(span, target)
                    add_spans(doc, [span])
        return doc

    def _verdict(
        self,
        words: _Doc,
        number: _Number,
        clause: tuple[int, int],
        near: list[_Cue],
        past_plans: list[int],
        hints: ModelHints | None,
        by_model: float,
    ) -> bool:
        """Whether a number of a sentence with a plan cue is a target: the rules' verdict alone, or (``hints``, the
        "combined" mode) with the model's probability ``by_model`` that it is one.

        The cues that speak for the number are those of its clause ("it is planned to create 210 thousand jobs;
        so far, 82 thousand ..."), else those of its sentence (``near``). Where they disagree ("8 centres were
        opened, and 5 more are to be opened"), the rules' pick of the nearest is a guess, and the model's word
        decides it; where they agree, the rules decide, and a number they turn down is a target when the model is
        sure of it (``MODEL_SURE``). Chosen on the dev split among thirteen ways of combining (docs/transformer.md).

        A past plan before the number in its clause (``past_plans``: their starts) keeps it out, whatever is
        nearer: in "had planned to build 20 hospitals by 2025" the deadline is the old plan's."""
        if _holds(past_plans, (clause[0], number.start)):
            return False
        own = [cue for cue in near if clause[0] <= cue.start < clause[1]] or near
        planned = self._planned(words, number, clause, own)
        if hints is None:
            return planned
        unsure = any(cue.plan for cue in own) and not all(cue.plan for cue in own)
        if unsure:
            return planned and by_model > 0
        return planned or by_model >= MODEL_SURE

    def _planned(self, words: _Doc, number: _Number, clause: tuple[int, int], own: list[_Cue]) -> bool:
        """The rules' verdict: of the number's ``own`` cues, the one that touches the counted phrase ("8 new
        centres are opened") is the number's own (of two as near, the not-plan one: "against 54 planned"), and it
        must be a plan cue of the government's."""
        start, end = number.start, number.unit_end
        nearest = own[0] if len(own) == 1 else min(own, key=lambda c: (_gap(start, end, c.start, c.end), c.plan))
        return nearest.plan and not self._by_other_actor(words, clause, nearest)

    # ---- candidates ------------------------------------------------------------------------------------------

    def _numbers(self, words: _Doc, sentence: tuple[int, int], percents: list[_Fact], taken: _Taken) -> list[_Number]:
        """The percentages and counts of a sentence, in text order; money, dates, durations and the baselines of
        "from 17 to 50%" are none."""
        start, end = sentence
        lower, known = words.lower, self.words
        found: list[_Number] = []
        inside = percents[bisect_left(percents, start, key=_start) : bisect_left(percents, end, key=_start)]
        for i, (span_start, span_end, record) in enumerate(inside):
            before = lower[span_start - 1] if span_start > 0 else None
            # "from 57 to 45%": the first end, whichever of low and high it is
            opens_range = record.range is not None and before == known.from_
            # the low end of "between 3 and 4% of its spending" is read with its high end
            whole_end = inside[i + 1][1] if record.range == "low" and i + 1 < len(inside) else span_end
            # a baseline, "from [17] to 50%", is a part of the target; "50% of the premiums" is a share of money;
            # "loans at 5%" is a rate
            if record.is_points or opens_range or before == known.at or self._of_money(words, whole_end, end):
                continue
            low = inside[i - 1] if i > 0 else None
            from_low = low is not None and low[2].range is not None and lower[low[0] - 1] == known.from_
            baseline = low[2].value if record.range is not None and from_low else None  # type: ignore[index]
            found.append(_Number(span_start, span_end, record.value, span_end, record, baseline))
        text, idx, numbers = words.text, words.idx, words.numbers
        covered = start  # the tokens before it are part of a number read already
        # "Life expectancy reached 74.4 years. The goal is to raise it to 75 years": a level, not a duration
        named = words.sentence_of(start - 1)[0] if start > 0 else start
        in_years = not known.year_indicators.isdisjoint(lower[named:end])
        for i in numbers[bisect_left(numbers, start) : bisect_left(numbers, end)]:
            if i < covered or lower[i] == known.one or i in taken or self._names_no_count(words, i, start):
                continue
            match = self.numbers.number.match(text, idx[i])
            if match is None:
                continue
            stop = self._covered(words, i, match.end())  # the tokens the number covers
            value = _count_value(self.numbers, match.group()) if stop > i else None
            if value is None:
                continue
            # "a 1.5-kilometre water main": a measure that describes a thing; "from 560 thousand to 400 thousand":
            # the baseline of the count after
            modifier = stop < end and lower[stop] in known.joiners and idx[stop] == match.end()
            baseline = i > 0 and lower[i - 1] == known.from_ and stop < end and lower[stop] == known.to
            # "nine of which are already working": a part of the count before
            part = stop + 1 < end and lower[stop] == known.of and lower[stop + 1] in known.pronouns
            duration = self._is_duration(lower, stop) and not (in_years and lower[i - 1] in known.level_links)
            if not (modifier or baseline or part or duration or _is_year(match.group())):
                found.append(_Number(i, stop, value, self._unit_end(words, stop, end)))
            covered = stop
        found.sort(key=_start)
        return found

    def _names_no_count(self, words: _Doc, i: int, sentence_start: int) -> bool:
        """ "children aged 2 to 6": an age; "in ten regions": a scope; "Seven Rivers Technologies": a name."""
        lower, before = words.lower, self.words.before_non_counts
        if i > 0 and lower[i - 1] in before:
            return True
        if i > 1 and lower[i - 1] == self.words.of and lower[i - 2] in before:
            return True
        if i > 2 and lower[i - 1] in self.words.range_links and lower[i - 3] in before:
            return True
        return i > sentence_start and words.text[words.idx[i]].isupper()  # digits are never upper case

    @staticmethod
    def _covered(words: _Doc, start: int, end_char: int) -> int:
        """The end of the tokens from ``start`` that lie wholly before ``end_char`` (spaCy's "contract")."""
        stop = bisect_left(words.idx, end_char, start + 1)
        last = words.doc[stop - 1]
        return stop - 1 if last.idx + len(last.text) > end_char else stop

    def _by_other_actor(self, words: _Doc, clause: tuple[int, int], cue: _Cue) -> bool:
        """The plan is a company's or another body's: "A Chinese investor plans to build a wind farm", "the World
        Health Organization aims to vaccinate 90%", "the European Union's goal is ..." (its words before the cue)."""
        return not self.words.other_actors.isdisjoint(words.lower[clause[0] : cue.start])

    def _of_money(self, words: _Doc, after: int, limit: int) -> bool:
        """ "of the insurance premiums", "of their income": the words after "of" name money."""
        if after >= limit or words.lower[after] != self.words.of:
            return False
        return not self.words.money.isdisjoint(words.lower[after + 1 : min(limit, after + 5)])

    def _is_duration(self, lower: list[int], after: int) -> bool:
        """ "for 12 months", "a 5-year plan", "within ten working days": one of the next two words (joiners
        aside) among the next three tokens"""
        seen = 0
        for word in lower[after : after + 3]:
            if word not in self.words.joiners:
                if word in self.words.durations:
                    return True
                seen += 1
                if seen == 2:
                    break
        return False

    def _unit_end(self, words: _Doc, start: int, limit: int, skip_determiners: bool = False) -> int:
        """End of the phrase of what is counted after a number: "650 [primary health care facilities] in ...";
        with ``skip_determiners``, after "of": "of [the population]"."""
        lower, alpha, known = words.lower, words.alpha, self.words
        end = start
        if skip_determiners:
            while end < limit and lower[end] in known.determiners:
                end += 1
        while end < min(limit, start + _UNIT_WORDS):
            word = lower[end]
            if word in known.stops or not (alpha[end] or word in known.joiners):
                break
            end += 1
        while end > start and not alpha[end - 1]:
            end -= 1
        return end

    def _deadline(self, words: _Doc, fact: _Fact, published: date | None) -> _Deadline | None:
        """The date as a deadline: after a deadline word ("by 2025"), or a month, year or period not before the
        document's year ("next year 10 more will open"; a day alone is when something happened). After a deadline
        word it marks a plan when not in the past of the document's date, an achievement when it is ("by 2020,
        100 schools were built")."""
        start, end, record = fact
        last = None if record.value is None else (record.value_end or record.value).year
        before = self._deadline_word(words, start)
        if before is None:
            later = last is not None and published is not None and last >= published.year
            if later and record.granularity is not Granularity.day:
                return _Deadline(start, end, last, None, record)
            return None
        plan = self._plan(before, last, published)
        return _Deadline(start, end, last, plan, record)

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

    @staticmethod
    def _earlier_deadline(deadlines: list[_Deadline], before: int) -> list[_Deadline]:
        """The deadline of the plan a back reference points to ("The programme runs until 2030. Under it, ..."):
        the latest dated one before token ``before`` that is not in the past."""
        earlier = [d for d in deadlines if d.start < before and d.plan is not False and d.year is not None]
        return [max(earlier, key=_start)] if earlier else []

    def _headline_cues(self, words: _Doc) -> list[_Cue]:
        """In a headline, "to" before a verb is the future: "Kazakhstan to repair 12 thousand kilometres of roads"."""
        if len(words.stops) < 2:
            return []
        start, end = words.stops[0], words.stops[1]
        lower, alpha = words.lower, words.alpha
        if lower[end - 1] in self.words.sentence_ends:  # a sentence, not a headline
            return []
        to = self.words.to
        return [_Cue(i, i + 2, True) for i in range(start, end - 1) if lower[i] == to and alpha[i + 1]]

    def _deadline_word(self, words: _Doc, at: int) -> tuple[int, ...] | None:
        """The longest deadline phrase that ends right before token ``at``."""
        if at == 0:
            return None
        lower = words.lower
        for phrase in self.deadline_words.get(lower[at - 1], ()):
            if tuple(lower[max(0, at - len(phrase)) : at]) == phrase:
                return phrase
        return None

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
        clause: tuple[int, int],
        near: list[_Cue],
        cues: list[_Cue],
        actions: list[tuple[int, int, int]],
        deadlines: list[_Deadline],
    ) -> tuple[Span, Target]:
        """The target of a number of ``sentence``, in ``clause`` of it: ``near`` are the sentence's cues of all
        ``cues``, ``actions`` its action words' matches, ``deadlines`` its deadlines not in the past."""
        doc, text = words.doc, words.text
        verb, unit = None, None
        span = Span(doc, number.start, number.end if number.percent else number.unit_end, label=self.label)
        start, end = span.start_char, span.end_char
        if number.percent is not None:
            verb, unit = self._indicator(words, number, sentence, near, cues)
            qualifier = number.percent.qualifier
            range_end = None if number.baseline is not None else number.percent.range
        else:
            if number.unit_end > number.end:
                unit = text[words.idx[number.end] : end]
            qualifier, range_end = self.qualifiers.before(text, start), None
        deadline = _deadline_of(number, clause, deadlines)
        action = _action_match(number, actions, verb)
        last = doc[sentence[1] - 1]
        target = Target(
            text=text[start:end],
            start=start,
            end=end,
            value=number.value,
            is_percentage=number.percent is not None,
            unit=unit,
            action=TargetAction.other if action is None else self.actions[action[0]],
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
        self, words: _Doc, number: _Number, sentence: tuple[int, int], near: list[_Cue], cues: list[_Cue]
    ) -> tuple[int | None, str | None]:
        """What a percentage target measures, and the verb it follows. In order: the phrase after "of" ("employ
        70% [of graduates]"), the object of the verb before it ("increase [the share of renewable energy] from 17
        to 50%"), the subject before its plan cue ("[the share of renewables] is to reach 6%"); a pronoun there
        ("bring [it] down to 40%") stands for the subject of the sentence before. ``near``: the sentence's cues."""
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
            before = [c for c in near if c.plan and low <= c.start < number.start]
            cue = max(before, key=_start, default=None)
            phrase = None if cue is None else (self._subject_start(words, cue.start, sentence[0]), cue.start)
        unit = None if phrase is None else self._trimmed(words, *phrase)
        if unit is not None and not set(lower[phrase[0] : phrase[1]]) <= self.words.pronouns:  # type: ignore[index]
            return verb, unit
        # "and by 2030 15 per cent": the indicator named earlier in the sentence; "bring it down to 40%": in the
        # sentence before
        earlier = self._subject(words, (sentence[0], number.start), near)
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
        lower, inside = words.lower, self.words.inside_phrase
        while start < end and lower[start] in inside:
            start += 1
        while end > start and lower[end - 1] in inside:
            end -= 1
        alpha, joiners = words.alpha, self.words.joiners
        kept = [words.word(i) for i in range(start, end) if alpha[i] or lower[i] in joiners]
        return " ".join(kept) or None


_extent = itemgetter(1, 2)
"""The tokens a PhraseMatcher match covers."""


def _gap(start: int, end: int, other_start: int, other_end: int) -> int:
    """Tokens between two ranges, 0 when they touch or overlap."""
    return max(other_start - end, start - other_end, 0)


@lru_cache(maxsize=4096)
def _count_value(grammar: NumberGrammar, number: str) -> float | None:
    """The value of a number phrase the grammar's pattern matched, None if it reads as none ("one two"); cached,
    as the counts of releases are mostly small numbers and years that recur from release to release."""
    phrase = grammar.read(number, matched=True)
    return None if phrase is None else float(phrase.value)


def _holds(positions: list[int], stretch: tuple[int, int]) -> bool:
    """Whether the sorted ``positions`` hold one in ``[start, end)`` of ``stretch``."""
    at = bisect_left(positions, stretch[0])
    return at < len(positions) and positions[at] < stretch[1]


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")


def _deadline_of(number: _Number, clause: tuple[int, int], usable: list[_Deadline]) -> _Deadline | None:
    """The deadline of a target: the nearest of its clause, else the nearest of its sentence (``usable``: the
    sentence's deadlines not in the past: "Works will cover 5,500 km, and 2,800 km are to be done by the end of
    this year": both by then)."""
    inside = [d for d in usable if clause[0] <= d.start < clause[1]] or usable
    if not inside:
        return None
    return min(inside, key=lambda d: _gap(number.start, number.end, d.start, d.end))


def _action_match(number: _Number, inside: list[tuple[int, int, int]], verb: int | None) -> tuple[int, int, int] | None:
    """The match of the verb a percentage's indicator follows ("increase the share ... to 50%"), else the action
    word nearest the number of those ``inside`` its sentence ("build 650 facilities", "32 hospitals will be
    modernised")."""
    own = None if verb is None else next((m for m in inside if m[1] == verb), None)
    if own is None and not inside:
        return None
    return own or min(inside, key=lambda m: (_gap(number.start, number.end, m[1], m[2]), m[1] > number.start))


@Language.factory("govextract_targets", default_config={"patterns": None})
def make_targets(nlp: Language, name: str, patterns: str | None) -> TargetRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    return TargetRecognizer(nlp, name, load_patterns(patterns))
