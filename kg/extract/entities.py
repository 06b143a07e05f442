"""Mentions of actors and places in a Doc, resolved to one key per real-world entity.

Sources of mentions, strongest first: generic patterns that need the article's context ("government
forces", "Syrian troops", "rebels", "state TV"), gazetteer names, spaCy's named entities, and place
contexts ("the village of X"). A country or capital is an actor when it acts (subject, agent, ally,
possessor of an intention) and a place otherwise; the government and capital of the country the
article is about stand for that country's armed forces, as analysts code them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.extract.gazetteer import ActorEntry, Country, Gazetteer, PlaceEntry, load_gazetteer
from kg.extract.names import TITLES, fold, norm, strip_titles
from kg.extract.pipeline import dateline_end
from kg.models import ActorKind, PlaceKind, slugify

FORCE_NOUNS = frozenset(
    [
        "army",
        "armies",
        "troops",
        "forces",
        "force",
        "military",
        "soldiers",
        "soldier",
        "warplanes",
        "warplane",
        "jets",
        "navy",
        "servicemen",
        "paratroopers",
        "marines",
        "peacekeepers",
    ]
)
_ACRONYM_SKIP = frozenset(["of", "for", "and", "the", "in", "de", "du", "al"])
"""Words an acronym leaves out ("Government of National Accord" is GNA)."""
OTHER_WORDS = frozenset(["separate", "another", "other", "rival", "different"])
"""Modifiers that set a force apart from the army a bare "force" would otherwise stand for."""
UNIT_NOUNS = frozenset(["brigades", "brigade", "militias", "battalions", "battalion"])
"""Armed units a report may name only by their home town ("brigades from Misrata")."""
ANAPHORIC_HEADS = frozenset(
    "coalition mission alliance movement militia front council committee agency network organisation "
    "brigades battalions militias "
    "organization airport palace base hotel port camp prison hospital bridge crossing".split()
)
"""Head words a definite phrase ("the coalition") takes from a full name given earlier."""
OPERATION_NOUNS = frozenset(
    "airstrike airstrikes strike strikes shelling bombardment attack attacks offensive raid raids drones "
    "drone missiles missile artillery fire bombing bombings assault incursion invasion barrage".split()
)
"""Event nouns whose national modifier names the side that acted ("Russian shelling", "a U.S. airstrike")."""
GOVERNMENT_NOUNS = frozenset(["government", "regime", "authorities", "administration", "junta"])
GOVERNMENT_MODIFIERS = frozenset(
    [
        "government",
        "regime",
        "loyalist",
        "pro-government",
        "pro-regime",
        "state-run",
        "government-held",
        "regime-held",
    ]
)
REBEL_NOUNS = frozenset(
    [
        "rebels",
        "rebel",
        "insurgents",
        "insurgent",
        "opposition",
        "uprising",
        "revolt",
        "rebellion",
        "militants",
        "islamists",
        "jihadists",
        "separatists",
    ]
)
REBEL_MODIFIERS = frozenset(["rebel", "opposition", "anti-government", "insurgent", "armed"])
GROUP_NOUNS = frozenset(
    [
        "fighters",
        "militants",
        "jihadists",
        "insurgents",
        "separatists",
        "members",
        "gunmen",
        "militiamen",
        "forces",
        "troops",
        "units",
        "guerrillas",
        "movement",
        "group",
        "militia",
        "supporters",
        "loyalists",
        "commanders",
        "officials",
        "spokesman",
        "leadership",
    ]
)
MEDIA_WORDS = frozenset(["television", "tv", "channel", "broadcaster", "media", "radio"])
_PLACE_TYPES = {
    "village": PlaceKind.SETTLEMENT,
    "town": PlaceKind.SETTLEMENT,
    "city": PlaceKind.SETTLEMENT,
    "hamlet": PlaceKind.SETTLEMENT,
    "port": PlaceKind.SETTLEMENT,
    "camp": PlaceKind.SETTLEMENT,
    "district": PlaceKind.DISTRICT,
    "neighborhood": PlaceKind.DISTRICT,
    "neighbourhood": PlaceKind.DISTRICT,
    "suburb": PlaceKind.DISTRICT,
    "quarter": PlaceKind.DISTRICT,
    "area": PlaceKind.OTHER,
    "province": PlaceKind.REGION,
    "governorate": PlaceKind.REGION,
    "region": PlaceKind.REGION,
    "state": PlaceKind.REGION,
    "oblast": PlaceKind.REGION,
    "county": PlaceKind.REGION,
}
_NAMED_PLACE_TYPES = frozenset(
    "village town city district neighborhood neighbourhood suburb province governorate region oblast "
    "county".split()
)
"""Place types that, written after a name, make it a place's ("X district"); "camp" or "state" after a
name can make something else ("the Trump camp")."""
_ORG_KIND_WORDS: tuple[tuple[ActorKind, frozenset[str]], ...] = (
    # words of insurgents' names come first: "Baluchistan Liberation Army", "Revolutionary United Front"
    (ActorKind.ARMED_GROUP, frozenset("liberation front jihad mujahideen resistance revolutionary".split())),
    (
        ActorKind.MEDIA,
        frozenset(
            [
                "news",
                "agency",
                "television",
                "tv",
                "radio",
                "times",
                "post",
                "newspaper",
                "press",
                "channel",
                "gazette",
                "herald",
                "journal",
                "tribune",
                "daily",
                "network",
                "broadcasting",
            ]
        ),
    ),
    (ActorKind.INTL_ORG, frozenset(["nations", "international", "un"])),
    (ActorKind.ARMED_FORCES, frozenset(["army", "navy", "air", "force", "guard"])),
    (
        ActorKind.ARMED_GROUP,
        frozenset(
            [
                "front",
                "brigade",
                "brigades",
                "battalion",
                "battalions",
                "militia",
                "militias",
                "movement",
                "liberation",
                "jihad",
                "mujahideen",
                "army",
                "forces",
                "legion",
                "corps",
                "regiment",
                "group",
                "fighters",
            ]
        ),
    ),
    (
        ActorKind.POLITICAL_ORG,
        frozenset(
            [
                "council",
                "coalition",
                "party",
                "committee",
                "committees",
                "commission",
                "alliance",
                "congress",
                "union",
                "league",
                "assembly",
                "parliament",
                "government",
                "ministry",
            ]
        ),
    ),
)
_GENERIC_HEADS = (
    OPERATION_NOUNS
    | FORCE_NOUNS
    | GOVERNMENT_NOUNS
    | REBEL_NOUNS
    | MEDIA_WORDS
    | frozenset(["ministry", "ministries", "agency"])
)
"""Every head word one of `EntityFinder._generic`'s patterns starts from; other tokens are skipped early."""
_NOT_OWNER_WORDS = GOVERNMENT_MODIFIERS | REBEL_MODIFIERS | frozenset(["government", "regime"])
"""Words of a force's modifiers that never name its owner ("government forces", "rebel fighters")."""
_AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_ACTOR_HEADS = frozenset(
    [
        "intention",
        "intentions",
        "support",
        "backing",
        "ally",
        "allies",
        "decision",
        "government",
        "army",
        "forces",
        "military",
        "president",
        "leader",
        "minister",
        "role",
        "position",
        "stance",
        "offer",
        "plan",
        "plans",
        "proposal",
        "involvement",
        "troops",
        "officials",
        "spokesman",
        "envoy",
        "ambassador",
        "delegation",
        "warplanes",
        "jets",
        "refusal",
        "demand",
        "demands",
        "request",
        "efforts",
        "statement",
        "announcement",
        "weapons",
        "arms",
        "aid",
        "help",
        "assistance",
    ]
)


@dataclass
class Mention:
    """A stretch of the Doc that names one actor or place."""

    start: int
    end: int
    key: str
    is_place: bool

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


@dataclass
class EntityInfo:
    """What the article says about one entity: label, kind, surface forms, mentions, stated parent."""

    key: str
    label: str
    kind: ActorKind | PlaceKind
    is_place: bool
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    parent: str | None = None
    country: str | None = None


@dataclass
class ArticleEntities:
    """Every resolved mention of an article, with lookups from tokens to entities."""

    doc: Doc
    gazetteer: Gazetteer
    focal: Country | None
    entities: dict[str, EntityInfo] = field(default_factory=dict)
    by_token: dict[int, Mention] = field(default_factory=dict)
    focal_place: str | None = None
    plurals: dict[int, list[str]] = field(default_factory=dict)
    """Head words that stand for several actors at once ("the two countries"), set by coreference."""

    # -- the Doc's text and named entities, computed once (spaCy rebuilds them on every access)
    @cached_property
    def text(self) -> str:
        """`doc.text`."""
        return self.doc.text

    @cached_property
    def named_entities(self) -> tuple[Span, ...]:
        """`doc.ents`: the model's named entities, in text order."""
        return tuple(self.doc.ents)

    @cached_property
    def _entity_starts(self) -> list[int]:
        return [e.start for e in self.named_entities]

    @cached_property
    def entity_starting(self) -> dict[int, Span]:
        """The named entity that starts at each token index."""
        return {e.start: e for e in self.named_entities}

    def named_entities_in(self, start: int, end: int) -> list[Span]:
        """`doc[start:end].ents`: the entities from `start` on, up to the first that ends after `end`."""
        out: list[Span] = []
        for ent in self.named_entities[bisect_left(self._entity_starts, start) :]:
            if ent.end > end:
                break
            out.append(ent)
        return out

    # -- lookups used by the relation, operation and statement rules
    def mention_at(self, i: int) -> Mention | None:
        return self.by_token.get(i)

    def actor_at(self, token: Token) -> str | None:
        """The actor a token names or heads ("fighters" in "Houthi fighters" is the Houthis)."""
        m = self.by_token.get(token.i)
        if m is not None and not m.is_place:
            return m.key
        if m is None and token.pos_ in ("NOUN", "PROPN", "PRON"):
            for child in token.children:
                if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i < token.i:
                    cm = self.by_token.get(child.i)
                    if cm is not None and not cm.is_place and token.lower_ in GROUP_NOUNS:
                        return cm.key
            if token.lower_ in GROUP_NOUNS | {"members", "some", "part", "units", "elements"}:
                for child in token.children:
                    if child.dep_ == "prep" and child.lower_ == "of":
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                return self.actor_at(pobj)
        return None

    def place_at(self, token: Token) -> str | None:
        m = self.by_token.get(token.i)
        if m is not None and m.is_place:
            return m.key
        return None

    def actors_of(self, token: Token) -> list[str]:
        """The actors a token names, with those joined to it by "and" ("Russia and Iran")."""
        out: list[str] = []
        for t in (token, *_conjuncts(token)):
            key = self.actor_at(t)
            if key and key not in out:
                out.append(key)
        return out

    def actors_in(self, start: int, end: int) -> list[str]:
        out: list[str] = []
        for i in range(start, end):
            m = self.by_token.get(i)
            if m is not None and not m.is_place and m.key not in out:
                out.append(m.key)
        return out

    def kind_of(self, key: str) -> ActorKind | PlaceKind | None:
        info = self.entities.get(key)
        return info.kind if info else None


def _conjuncts(token: Token) -> list[Token]:
    out: list[Token] = []
    stack = [token]
    while stack:
        t = stack.pop()
        for child in t.children:
            if child.dep_ == "conj" and child not in out:
                out.append(child)
                stack.append(child)
    return out


@dataclass
class _Candidate:
    start: int
    end: int
    priority: int
    source: str
    entries: list[ActorEntry] = field(default_factory=list)
    label: str = ""


class EntityFinder:
    """Finds and resolves mentions; one per pipeline (its matchers are built once)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or load_gazetteer()
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_terms: dict[str, None] = {}
        exact_terms: dict[str, None] = {}
        for entry in self.gaz.actors.values():
            for alias in (entry.label, *entry.aliases):
                alias = alias.strip()
                if not alias:
                    continue
                # Short all-capital aliases ("IS", "AP", "UN") only match in capitals.
                if len(alias) <= 4 and alias.upper() == alias:
                    exact_terms[alias] = None
                else:
                    lower_terms[alias.lower()] = None
        for place in self.gaz.places.values():
            for alias in (place.label, *place.aliases):
                if len(alias) > 3:
                    lower_terms[alias.lower()] = None
        self.lower.add("NAME", [nlp.make_doc(term) for term in lower_terms])
        self.exact.add("NAME", [nlp.make_doc(term) for term in exact_terms])

    # ------------------------------------------------------------------ main entry
    def __call__(self, doc: Doc) -> ArticleEntities:
        candidates = self._candidates(doc)
        focal = self._focal_country(doc, candidates)
        ents = ArticleEntities(doc, self.gaz, focal)
        for cand in _non_overlapping(candidates):
            self._resolve(doc, cand, ents)
        self._unclaimed_places(doc, ents)
        self._home_units(doc, ents)
        self._definite_anaphora(doc, ents)
        self._parenthetical_acronyms(doc, ents)
        self._one_sense(ents)
        self._link_partial_names(doc, ents)
        _places_taken_for_actors(doc, ents)
        self._place_contexts(doc, ents)
        ents.focal_place = _focal_place(ents)
        return ents

    # ------------------------------------------------------------------ candidates
    def _candidates(self, doc: Doc) -> list[_Candidate]:
        out: list[_Candidate] = []
        for matcher in (self.lower, self.exact):
            for _, start, end in matcher(doc):
                if not any(t.is_upper or t.is_title or not t.is_alpha for t in doc[start:end]):
                    continue  # a lower-case common word that happens to be an alias
                while start < end - 1 and doc[start].lower_ in ("the", "a", "an"):
                    start += 1  # "The National News Agency": the article is not part of the name
                text = doc[start:end].text
                entries = self.gaz.actor_candidates(text)
                out.append(_Candidate(start, end, 2, "gaz", entries, text))
        for ent in doc.ents:
            if ent.label_ in ("PRODUCT", "WORK_OF_ART", "EVENT", "LAW") and _is_sayer(ent.root):
                out.append(_Candidate(ent.start, ent.end, 1, "PERSON", label=ent.text))
                continue  # "Nisreen el-Shamayleh ... said": the small model's label is wrong
            if ent.label_ not in ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"):
                continue
            for start, end in _split_at_participles(_segments(ent), doc):
                while start < end and doc[start].lower_ in ("the", "a", "an"):
                    start += 1
                start = self._past_dateline(doc, start, end)
                while end > start and doc[end - 1].is_punct:
                    end -= 1
                if end > start and _codename(doc, start):
                    continue  # 'codenamed "Golden Victory"': an operation's name, not a party
                while (
                    end > start
                    and doc[end - 1].lower_.strip(".") in _ALL_TITLE_WORDS
                    and not (end - 2 >= start and doc[end - 2].lower_ in ("of", "for", "and", "&"))
                ):  # ("the Ministry of Defense": a word after "of" is part of the name)
                    end -= 1  # "U.S. Army Col.": the title that ends the span belongs to a person after it
                text = doc[start:end].text
                if end - start == 1 and _capital_by_position(doc[start]) and not self._known(text):
                    continue  # '"Vessels are advised to ...': a common noun that opens a sentence
                if end > start and not _credit_line(text) and not _hyphen_modifier(doc, end):
                    out.append(_Candidate(start, end, 1, ent.label_, label=text))
        out.extend(self._generic(doc))
        out.extend(c for c in _titled_names(doc) if not self._known(c.label))
        out.extend(_context_places(doc))
        credits = _dateline_credits(doc)
        headline = _Headlines(doc)
        vessels = _vessel_names(doc, self._known)
        return [
            c for c in out
            if credits.isdisjoint(range(c.start, c.end)) and norm(c.label) not in PLATFORMS
            and not (c.source in _CAPITALISED and headline.only_there(c) and not self._known(c.label))
            and not (c.source not in _GENERIC_SOURCES and _a_ship(doc, c, vessels))
        ]

    def _typed_place(self, ents: ArticleEntities, cand: _Candidate, text: str) -> None:
        """ "Kajo-Keji county" as the model reads it, one name: the place the words before the type name."""
        *words, kind = text.split()
        name = " ".join(words)
        place = self._place_for(name, ents)
        if place is not None:
            self._place(ents, cand.start, cand.end - 1, place)
        else:
            self._unknown_place(ents, cand.start, cand.end - 1, name, _PLACE_TYPES[kind.lower()])

    def _two_word_countries(self, words: list[Token]) -> dict[int, Country]:
        """Countries `words` name in two words ("South Sudanese", "North Korean"), by the index of the
        first: its second word alone would name another country ("Sudanese")."""
        found: dict[int, Country] = {}
        for a, b in pairwise(words):
            pair = f"{a.text} {b.text}"
            country = self.gaz.country_of_demonym(pair) or self.gaz.country_named(pair)
            if country is not None and a.i - 1 not in found:
                found[a.i] = country
        return found

    def _known_actor(self, text: str) -> bool:
        return bool(self.gaz.actor_candidates(text))

    def _known(self, text: str) -> bool:
        """Whether the gazetteer knows `text` as an actor or a place."""
        return bool(self.gaz.actor_candidates(text) or self.gaz.place_candidates(text))

    def _past_dateline(self, doc: Doc, start: int, end: int) -> int:
        """Where a name starts after a capitalised dateline run into it ("TRIPOLI Forces aligned with")."""
        if start and "\n" not in doc[start - 1].text_with_ws:
            return start
        caps = start
        while caps < end and doc[caps].is_upper and doc[caps].is_alpha and len(doc[caps]) > 1:
            caps += 1
        if caps in (start, end) or doc[caps].is_upper:
            return start
        place = doc[start:caps].text
        if self.gaz.place_candidates(place) or self.gaz.country_named(place):
            return caps
        return start

    def _generic(self, doc: Doc) -> Iterable[_Candidate]:
        """Context-bound phrases: force nouns, governments, rebels, state media."""
        for t in doc:
            low = t.lower_
            if low in _INSURGENT_GROUPS and t.pos_ == "NOUN":
                start = _modifier_start(t)
                if any(doc[i].lower_ in INSURGENT_WORDS for i in range(start, t.i)):
                    # "resistance fighters", "local resistance groups": the state's armed enemies
                    yield _Candidate(start, t.i + 1, 3, "rebels", label=doc[start : t.i + 1].text)
                    continue
            if low not in _GENERIC_HEADS or t.pos_ not in ("NOUN", "PROPN", "ADJ"):
                continue
            start = _modifier_start(t)
            mod_words = {doc[i].lower_ for i in range(start, t.i)}
            # A named owner ("Haftar's forces", "Wagner fighters") keeps its own mention; a country
            # the model read as an organisation ("Mozambique's army") is the force's owner word.
            named_end = max(
                (
                    i + 1
                    for i in range(start, t.i)
                    if doc[i].ent_type_ in ("PERSON", "ORG")
                    and doc[i].lower_ not in _NOT_OWNER_WORDS
                    and not (low in FORCE_NOUNS and self.gaz.country_named(doc[i].text))
                ),
                default=start,
            )
            while named_end < t.i and doc[named_end].dep_ == "case":
                named_end += 1
            if low == "military" and t.dep_ == "amod":
                continue  # "a military operation", "military aid": an adjective, not the army
            if low == "force" and t.dep_ == "pobj" and not any(c.dep_ in ("det", "poss") for c in t.children):
                continue  # "take it back by force", "the use of force", "in force": a manner, not an army
            if low in OPERATION_NOUNS and t.pos_ == "NOUN":
                for mod in t.lefts:
                    if mod.dep_ in ("amod", "compound", "nmod") and (
                        self.gaz.country_of_demonym(mod.text) or self.gaz.country_named(mod.text)
                    ):
                        yield _Candidate(mod.i, mod.i + 1, 3, "force", label=mod.text + " forces")
                continue
            if low in ("ministry", "ministries") or (low == "ministry" and t.pos_ == "PROPN"):
                yield _Candidate(start, t.i + 1, 3, "ministry", label=doc[start : t.i + 1].text)
            elif low in GOVERNMENT_NOUNS and _named_government(t):
                continue  # "the U.N.-backed Government of National Accord": a name, not a description
            elif low in FORCE_NOUNS or low in GOVERNMENT_NOUNS:
                yield _Candidate(named_end, t.i + 1, 3, "force", label=doc[start : t.i + 1].text)
            elif (
                low in REBEL_NOUNS
                and t.pos_ != "ADJ"
                and not (t.dep_ in ("compound", "amod", "nmod") and t.head.pos_ == "PROPN")
                and not (named_end > start and low in GROUP_NOUNS)  # "Islamic Jihad militants": theirs
            ):
                yield _Candidate(named_end, t.i + 1, 3, "rebels", label=doc[start : t.i + 1].text)
            elif (
                low in MEDIA_WORDS
                and t.i
                and doc[t.i - 1].pos_ == "PROPN"
                and "state" not in mod_words
                and self.gaz.actor_candidates(doc[t.i - 1].text)
                and not self.gaz.country_named(doc[t.i - 1].text)
            ):
                yield _Candidate(t.i - 1, t.i + 1, 3, "org-media", label=doc[t.i - 1 : t.i + 1].text)
            elif low in MEDIA_WORDS and "state" in mod_words:
                yield _Candidate(start, t.i + 1, 3, "state-media", label=doc[start : t.i + 1].text)
            elif low == "agency" and {"state", "news"} <= mod_words | {
                doc[i].lower_ for i in range(max(0, t.i - 3), t.i)
            }:
                yield _Candidate(start, t.i + 1, 3, "state-agency", label=doc[start : t.i + 1].text)

    def _focal_country(self, doc: Doc, candidates: list[_Candidate]) -> Country | None:
        """The country the article is about: the one its names, demonyms and places point to most."""
        votes: Counter[str] = Counter()
        for t in doc:
            if t.is_title and t.pos_ in ("ADJ", "PROPN", "NOUN"):
                c = self.gaz.country_of_demonym(t.text)
                if c:
                    votes[c.code] += 1
        for cand in candidates:
            if cand.source in ("GPE", "LOC", "gaz"):
                c = self.gaz.country_named(cand.label)
                if c:
                    votes[c.code] += 2
                    continue
                places = self.gaz.place_candidates(cand.label)
                countries = {p.country for p in places[:3] if p.country}
                if len(countries) == 1:
                    votes[countries.pop()] += 1
        if not votes:
            return None
        return self.gaz.countries.get(votes.most_common(1)[0][0])

    # ------------------------------------------------------------------ resolution
    def _resolve(self, doc: Doc, cand: _Candidate, ents: ArticleEntities) -> None:
        span = doc[cand.start : cand.end]
        text = span.text
        if cand.source == "force":
            self._resolve_force(doc, cand, ents)
            known = self.gaz.actor_candidates(text) if cand.start not in ents.by_token else []
            if known:
                # "The Rapid Support Forces captured": a force phrase no owner explains that is itself a
                # known actor's name is that actor (the name's own candidate lost to it on priority)
                self._resolve_name(doc, _Candidate(cand.start, cand.end, 2, "gaz", known, text), ents, text)
        elif cand.source == "rebels":
            self._resolve_rebels(doc, cand, ents)
        elif cand.source in ("state-media", "state-agency"):
            self._resolve_state_media(doc, cand, ents)
        elif cand.source == "PERSON":
            self._resolve_person(doc, cand, ents)
        elif cand.source in _NAMED_SOURCES and _with_place_type(text) and not self._known(text):
            self._typed_place(ents, cand, text)
        elif cand.source == "ORG" and _ministry_name(text) and not self._known_actor(text):
            self._resolve_ministry(doc, cand, ents)  # the state's, as "the defence ministry" is
        elif cand.source in ("GPE", "LOC", "FAC", "gaz", "ORG", "NORP"):
            self._resolve_name(doc, cand, ents, text)
        elif cand.source == "ministry":
            self._resolve_ministry(doc, cand, ents)
        elif cand.source == "org-media":
            label = " ".join(text.split())
            known = [e for e in self.gaz.actor_candidates(label) if e.kind is ActorKind.MEDIA]
            if known:
                self._actor(ents, cand.start, cand.end, known[0])
            else:
                self._add(ents, cand.start, cand.end, "org-" + slugify(label), label, ActorKind.MEDIA, False)
        elif cand.source == "PLACECTX":
            shown = cand.label if text.isupper() and cand.label else text  # "MAARET" as "Maaret"
            self._resolve_context_place(doc, cand, ents, shown)
        elif cand.source == "FACILITY":
            self._resolve_facility(doc, cand, ents, text)

    def _add(
        self,
        ents: ArticleEntities,
        start: int,
        end: int,
        key: str,
        label: str,
        kind: ActorKind | PlaceKind,
        is_place: bool,
        country: str | None = None,
        parent: str | None = None,
    ) -> None:
        doc = ents.doc
        info = ents.entities.get(key)
        if info is not None and info.is_place != is_place:
            return  # a key names one sort of entity; never let a place absorb an actor's mention
        if info is None:
            info = ents.entities[key] = EntityInfo(key, label, kind, is_place, country=country, parent=parent)
        surface = " ".join(doc[start:end].text.split())
        if surface.lower().startswith("the "):
            surface = surface[4:]
        info.aliases.add(surface)
        m = Mention(start, end, key, is_place)
        info.mentions.append(m)
        for i in range(start, end):
            ents.by_token.setdefault(i, m)

    def _actor(self, ents: ArticleEntities, start: int, end: int, entry: ActorEntry) -> None:
        self._add(ents, start, end, entry.key, entry.label, entry.kind, False, entry.country)

    def _place(self, ents: ArticleEntities, start: int, end: int, entry: PlaceEntry) -> None:
        self._add(ents, start, end, entry.key, entry.label, entry.kind, True, entry.country)

    def _forces_of(self, country: Country | None) -> ActorEntry | None:
        return self.gaz.actors.get(country.forces) if country else None

    def _resolve_force(self, doc: Doc, cand: _Candidate, ents: ArticleEntities) -> None:
        head = doc[cand.end - 1]
        words = [t for t in doc[cand.start : cand.end - 1]]
        country: Country | None = None
        if head.lower_ not in FORCE_NOUNS | GOVERNMENT_NOUNS:
            # the national modifier of an event noun ("a Russian assault") names that country's forces
            country = self.gaz.country_of_demonym(head.text) or self.gaz.country_named(head.text)
            forces = self._forces_of(country)
            if forces is not None:
                self._actor(ents, cand.start, cand.end, forces)
            return
        if any(
            c.dep_ == "compound"
            and c.i < cand.start
            and c.pos_ == "PROPN"
            and not self.gaz.country_named(c.text)
            for c in head.children
        ):
            return  # "African Union troops": an owner named outside the candidate, no country's army
        if _insurgent(head, words):
            # "resistance armies", "a combined force of resistance groups": fighters against the state
            self._rebels(ents, cand.start, cand.end)
            return
        owner: str | None = None
        government = head.lower_ in GOVERNMENT_NOUNS
        loyal = _loyal_to(head)
        if loyal is not None:  # "forces loyal to the GNA" are the GNA's
            known = self.gaz.actor_candidates(_strip_possessive(loyal))
            if known and known[0].kind is not ActorKind.PERSON:
                self._actor(ents, cand.start, cand.end, known[0])
                return
            if known and known[0].country:
                words = []
                country = self.gaz.countries.get(known[0].country)
        for _, obj in [
            *_of_objects(head),
            *(
                (c.lower_, o)
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "from"
                for o in c.children
                if o.dep_ == "pobj"
            ),
        ]:
            known = [
                e
                for text in _np_texts(obj)
                for e in self.gaz.actor_candidates(text)
                if e.kind is not ActorKind.PERSON
            ]
            if known and not self.gaz.country_named(_np_text(obj)):
                self._actor(ents, cand.start, cand.end, known[0])  # "troops from the AU mission"
                return
        region = self._region_owner(head)
        if region is not None and head.lower_ in FORCE_NOUNS:
            # "Nagorno-Karabakh's military": a region's own forces, no country's army
            label = f"{region} {head.lower_}"
            self._add(ents, cand.start, cand.end, slugify(label), label, ActorKind.ARMED_GROUP, False)
            ents.entities[slugify(label)].aliases.add(f"{region}'s {head.text}")
            return
        countries: list[tuple[Token, Country]] = []
        paired = self._two_word_countries(words)
        for w in words:
            if w.lower_ in GOVERNMENT_MODIFIERS or w.lower_.startswith("pro-"):
                government = True
            if w.i - 1 in paired:
                continue  # the second word of "South Sudanese"
            c = paired.get(w.i)
            if c is None:
                c = self.gaz.country_named(w.text.rstrip("'s").rstrip("’s")) if w.pos_ != "DET" else None
            if c is None and w.dep_ == "poss":
                c = self.gaz.country_named(w.text) or self.gaz.country_of_capital(w.text)
            if c:
                country = c
                countries.append((w, c))
        for w, c in countries[:-1]:  # "Armenian and Azerbaijani troops": both armies
            forces = self._forces_of(c)
            if forces is not None:
                self._actor(ents, w.i, w.i + 1, forces)
        if countries[:-1]:
            last = countries[-1][0]
            cand = _Candidate(last.i, cand.end, cand.priority, cand.source, label=doc[last.i : cand.end].text)
        # "Wagner fighters", "Haftar's forces": the owner named before the noun decides.
        phrase = " ".join(t.text for t in words if t.dep_ in ("poss", "compound", "amod", "nmod"))
        named = self.gaz.actor_candidates(_strip_possessive(phrase)) if phrase else []
        if not country and named:
            first = named[0]
            if first.kind is ActorKind.PERSON and first.country:
                country = self.gaz.countries.get(first.country)
                government = True
            elif first.kind is not ActorKind.STATE:
                owner = first.key
                self._actor(ents, cand.start, cand.end, first)
                return
        if head.lower_ in ("government", "administration") and any(
            c.dep_ == "poss" and c.ent_type_ == "PERSON" for c in head.children
        ):
            # "President Goodluck Jonathan's government": a leader's government is his state
            home = country or ents.focal
            state = self.gaz.actors.get(home.state) if home is not None else None
            if state is not None:
                self._actor(ents, cand.start, cand.end, state)
                return
        if owner is None and not country and words:
            mentioned = ents.by_token.get(words[-1].i)
            if mentioned is not None and not mentioned.is_place:
                return
            if not government and any(w.pos_ == "PROPN" for w in words):
                return  # "Kurdish Peshmerga forces": a named force the gazetteer lacks; NER may know it
        if any(w.lower_ in OTHER_WORDS for w in words):
            return  # "a separate force", "another militia": a party apart from the ones named
        if country is None and not government:
            owner_key = self._pronoun_owner(head, ents)
            if owner_key is not None:  # "the Kremlin said its troops": the troops of the one speaking
                entry = self.gaz.actors.get(owner_key)
                if entry is not None:
                    self._actor(ents, cand.start, cand.end, entry)
                return
        # "the security forces", "security forces in Mali": the state's own (the ontology's ArmedForces
        # holds state security forces), named by their country or the article's
        security = [w.lower_ for w in words if w.pos_ != "DET"] == ["security"] and head.lower_ == "forces"
        if country is None and security:
            country = next((c for o in _in_objects(head) if (c := self.gaz.country_named(o.text))), None)
            country = country or ents.focal
        if country is None:
            if head.lower_ == "forces" and not government:
                return  # bare "forces" is too vague ("joined forces")
            if head.lower_ == "peacekeepers":
                return  # peacekeepers are foreign troops, never the home army
            if (
                head.lower_ in ("government", "authorities", "administration")
                and not words
                and head.dep_ == "compound"
            ):
                return
            if any(
                w.lower_ in REBEL_MODIFIERS
                or w.lower_ in {"security", "peacekeeping", "special", "coalition", "foreign", "allied"}
                for w in words
            ):
                if any(w.lower_ in REBEL_MODIFIERS for w in words):
                    self._rebels(ents, cand.start, cand.end)
                return
            country = self._sender(head, ents) or ents.focal
        entry = self._forces_of(country)
        if entry is None:
            return
        if country is not ents.focal and head.lower_ in GOVERNMENT_NOUNS:
            state = self.gaz.actors.get(country.state) if country else None
            if state:
                self._actor(ents, cand.start, cand.end, state)
            return
        self._actor(ents, cand.start, cand.end, entry)

    def _region_owner(self, head: Token) -> str | None:
        """The region a force belongs to by a possessive ("Transnistria's army"), if it is no country."""
        for w in head.children:
            if w.dep_ != "poss" or w.pos_ != "PROPN":
                continue
            name = "".join(t.text_with_ws for t in w.subtree if t.dep_ != "case").strip()
            if self.gaz.country_named(name) or self.gaz.country_of_capital(name):
                return None
            places = self.gaz.place_candidates(name)
            if places and places[0].kind in (PlaceKind.REGION, PlaceKind.OTHER):
                return name
        return None

    def _pronoun_owner(self, head: Token, ents: ArticleEntities) -> str | None:
        """The force 'its'/'their' points to: of the last state, army or armed group named before it."""
        if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.children):
            return None
        for i in range(head.i - 1, max(-1, head.i - 60), -1):
            m = ents.by_token.get(i)
            if m is None or m.is_place:
                continue
            info = ents.entities.get(m.key)
            if info is None or info.kind in (ActorKind.PERSON, ActorKind.MEDIA):
                continue
            if info.kind is ActorKind.STATE:
                country = self.gaz.country_named(info.label)
                return country.forces if country and country.forces in self.gaz.actors else None
            return m.key if info.kind in (ActorKind.ARMED_FORCES, ActorKind.ARMED_GROUP) else None
        return None

    def _sender(self, head: Token, ents: ArticleEntities) -> Country | None:
        """'Russia sent more troops': the country whose clause deploys an unowned force is its owner."""
        if head.dep_ not in ("dobj", "obj") or head.head.pos_ != "VERB":
            return None
        for subj in head.head.children:
            if subj.dep_ != "nsubj":
                continue
            m = ents.by_token.get(subj.i)
            if m is None:
                return None
            label = ents.entities[m.key].label if m.key in ents.entities else subj.text
            return self.gaz.country_named(label) or self.gaz.country_of_capital(label)
        return None

    def _rebels(self, ents: ArticleEntities, start: int, end: int, country: Country | None = None) -> None:
        country = country or ents.focal
        if country is None:
            return
        demonym = country.demonyms[0] if country.demonyms else country.name
        self._add(
            ents,
            start,
            end,
            f"{slugify(demonym)}-rebels",
            f"{demonym} rebels",
            ActorKind.ARMED_GROUP,
            False,
            country.code,
        )

    def _resolve_rebels(self, doc: Doc, cand: _Candidate, ents: ArticleEntities) -> None:
        named = [t for t in doc[cand.start : cand.end - 1] if t.pos_ == "PROPN" or t.is_upper]
        if named:  # "M23 rebels", "Houthi rebels": the group named before the noun
            known = [
                e
                for e in self.gaz.actor_candidates(" ".join(t.text for t in named))
                if e.kind is not ActorKind.STATE
            ]
            if known:
                self._actor(ents, cand.start, cand.end, known[0])
                return
        modifiers = list(doc[cand.start : cand.end - 1])
        paired = self._two_word_countries(modifiers)
        country = next(iter(paired.values()), None)
        for t in modifiers:
            country = country or self.gaz.country_of_demonym(t.text) or self.gaz.country_named(t.text)
        if country is None and cand.start >= 3 and doc[cand.start - 1].lower_ == "based" and (
            doc[cand.start - 2].text == "-"
        ):  # "the Yemen-based rebels": rebels of the country they are based in
            country = self.gaz.country_named(doc[cand.start - 3].text)
        head = doc[cand.end - 1]
        if head.lower_ == "opposition" and any(
            c.dep_ == "prep" and c.lower_ in ("from", "to") for c in head.children
        ):
            return  # "opposition from several countries": an objection, not a party
        if head.lower_ in ("uprising", "revolt", "rebellion") and not any(
            c.dep_ == "prep" and c.lower_ == "against" for c in head.children
        ):
            return
        self._rebels(ents, cand.start, cand.end, country)

    def _resolve_ministry(self, doc: Doc, cand: _Candidate, ents: ArticleEntities) -> None:
        """A ministry speaks for its state; a defence ministry for the state's armed forces."""
        head = doc[cand.end - 1]
        words = [t for t in doc[max(0, cand.start - 3) : cand.end]]
        words += [o for _, o in _of_objects(head)]
        defence = any(w.lower_ in ("defence", "defense", "war") for w in words)
        country: Country | None = None
        owner: ActorEntry | None = None
        for w in words:
            name = _strip_possessive(w.text)
            country = country or self.gaz.country_named(name) or self.gaz.country_of_demonym(name)
            if owner is None and w.dep_ == "poss" and not self.gaz.country_named(name):
                found = self.gaz.actor_candidates(name)
                owner = found[0] if found else None
        if owner is not None and country is None:
            self._actor(ents, cand.start, cand.end, owner)
            return
        country = country or ents.focal
        if country is None:
            return
        entry = self.gaz.actors.get(country.forces if defence else country.state)
        if entry is not None:
            self._actor(ents, cand.start, cand.end, entry)

    def _resolve_state_media(self, doc: Doc, cand: _Candidate, ents: ArticleEntities) -> None:
        if cand.end < len(doc) and doc[cand.end].pos_ == "PROPN":
            return  # "the state news agency Telam": the name that follows is the actor
        country = None
        for t in doc[cand.start : cand.end]:
            country = (
                country
                or self.gaz.country_of_demonym(t.text)
                or self.gaz.country_named(_strip_possessive(t.text))
            )
        country = country or ents.focal
        if country is None:
            return
        if cand.source == "state-agency":
            for entry in self.gaz.actors.values():
                if (
                    entry.country == country.code
                    and entry.kind is ActorKind.MEDIA
                    and any("news agency" in a.lower() for a in (entry.label, *entry.aliases))
                ):
                    self._actor(ents, cand.start, cand.end, entry)
                    return
        demonym = country.demonyms[0] if country.demonyms else country.name
        noun = "news agency" if cand.source == "state-agency" else "state television"
        label = f"{demonym} {noun}" if cand.source == "state-media" else f"{demonym} state news agency"
        self._add(ents, cand.start, cand.end, slugify(label), label, ActorKind.MEDIA, False, country.code)

    def _resolve_person(self, doc: Doc, cand: _Candidate, ents: ArticleEntities) -> None:
        case = next((t.i for t in doc[cand.start : cand.end - 1] if t.dep_ == "case"), None)
        if case is not None:  # "Haftar's Libyan": the name ends at the possessive
            cand = _Candidate(cand.start, case, cand.priority, cand.source, label=doc[cand.start : case].text)
        text = strip_titles(_strip_possessive(doc[cand.start : cand.end].text))
        if not text or all(w.lower().strip(".") in _ALL_TITLE_WORDS for w in text.split()):
            return  # "Brig. Gen. X": a title cut off from the name it belongs to
        known = [e for e in self.gaz.actor_candidates(text) if e.kind is ActorKind.PERSON]
        if known:
            self._actor(ents, cand.start, cand.end, _prefer(known, ents))
            return
        entries = self.gaz.actor_candidates(text)
        if entries and len(text.split()) >= 2 and entries[0].kind is not ActorKind.PERSON:
            self._actor(ents, cand.start, cand.end, entries[0])
            return
        after = doc[cand.end].lower_ if cand.end < len(doc) else ""
        before = doc[cand.start - 1].lower_ if cand.start else ""
        if after in _MEDIA_NOUNS or before in _MEDIA_NOUNS:
            self._add(ents, cand.start, cand.end, "org-" + slugify(text), text, ActorKind.MEDIA, False)
            return
        if text.split()[-1].lower().strip(".") in _ORGANISATION_WORDS:  # "Furadino Shipping": a firm
            self._add(ents, cand.start, cand.end, "org-" + slugify(text), text, _org_kind(text), False)
            return
        head = doc[cand.end - 1]
        if len(text.split()) <= 3:  # "Wad Madani": a town the model took for a person
            if (
                len(text.split()) == 1
                and head.dep_ in ("compound", "amod")
                and head.head.pos_ == "NOUN"
                and head.head.lower_ not in GROUP_NOUNS
            ):
                return  # "the Alawite community": an adjective the model took for a name
            place = self._place_for(text, ents)
            locative = (
                before in _PLACE_CONTEXT_PREPS | {"of"}
                or before == "to"
                and head.head.head.lemma_ in _MOTION_LEMMAS
                or head.dep_ == "dobj"
                and head.head.lemma_ in _PLACE_VERBS | _TAKING_LEMMAS
            )
            home = place is not None and ents.focal is not None and place.country == ents.focal.code
            if place is not None and (locative or home) and not _is_speaker(head):
                self._place(ents, cand.start, cand.end, place)
                return
        if after in _NAMED_PLACE_TYPES and not _is_speaker(head):
            # "the remote Dashti Archi district": a place the gazetteer lacks, named by its type
            self._unknown_place(ents, cand.start, cand.end, text, _PLACE_TYPES[after])
            return
        # Single names link to a full name later (_link_partial_names); keep the text as label for now.
        start = cand.start
        for j in range(cand.start, cand.end - 1):
            word = doc[j].lower_.strip(".")
            if (
                word in _TITLE_WORDS
                or word in TITLES
                or doc[j].ent_type_ in ("GPE", "NORP", "ORG")
                or doc[j].text in (",", "(", ")", ":")
            ):
                start = j + 1
        label = " ".join(doc[start : cand.end].text.split())
        label = _strip_possessive(label)
        self._add(ents, start, cand.end, "person-" + slugify(label), label, ActorKind.PERSON, False)

    def _place_for(self, text: str, ents: ArticleEntities) -> PlaceEntry | None:
        """The place `text` names, preferring the article's country, then population."""
        if norm(text) in NOT_PLACES:
            return None
        focal = ents.focal.code if ents.focal else None
        mentioned = {i.country for i in ents.entities.values() if i.country}
        found = [
            p
            for p in self.gaz.place_candidates(text)
            if p.kind is not PlaceKind.SETTLEMENT
            or p.country == focal
            or p.country in mentioned
            or p.population >= MIN_FOREIGN_POPULATION
        ]
        if not found:
            return None

        def rank(p: PlaceEntry) -> tuple[bool, bool, float]:
            exact = norm(p.label) == norm(text)
            weight = (
                (p.population + 1) * (10 if p.country == focal else 1) * (3 if p.country in mentioned else 1)
            )
            return (p.kind is PlaceKind.COUNTRY, p.kind is PlaceKind.REGION and exact, weight)

        return max(found, key=rank)

    def _resolve_name(self, doc: Doc, cand: _Candidate, ents: ArticleEntities, text: str) -> None:
        text = _strip_possessive(text)
        if cand.source == "ORG":
            words = doc[cand.start : cand.end]
            of = next((t for t in words if t.lower_ == "of"), None)
            if of is not None and words[0].lower_.strip(".") in _ORG_TITLES and of.i + 1 < cand.end:
                start = of.i + 1 + (doc[of.i + 1].lower_ == "the")
                cand = _Candidate(
                    start, cand.end, cand.priority, cand.source, label=doc[start : cand.end].text
                )
                text = cand.label
        head = doc[cand.end - 1]
        after = doc[cand.end].lower_ if cand.end < len(doc) else ""
        before = doc[cand.start - 1].lower_ if cand.start else ""
        if (
            (after in _MEDIA_NOUNS or before in _MEDIA_NOUNS)
            and cand.source != "gaz"
            and not self.gaz.country_named(text)
        ):
            known = self.gaz.actor_candidates(text)
            entry = known[0] if known else None
            if entry is not None:
                self._actor(ents, cand.start, cand.end, entry)
            else:
                self._add(ents, cand.start, cand.end, "org-" + slugify(text), text, ActorKind.MEDIA, False)
            return
        country = self.gaz.country_named(text)
        if country and norm(text) not in self.gaz.country_index and self.gaz.country_of_demonym(text):
            return  # a bare demonym ("Syrian") names nobody
        if country:
            role = _country_role(head)
            if role is None:
                return
            if role == "actor":
                state = self.gaz.actors.get(country.state)
                if state:
                    self._actor(ents, cand.start, cand.end, state)
                    return
            place = self.gaz.places.get(country.place)
            if place:
                self._place(ents, cand.start, cand.end, place)
            return
        capital_of = self.gaz.country_of_capital(text)
        if capital_of and (
            _acts(head, doc)
            or head.dep_ == "pobj"
            and head.head.lower_ == "to"
            and head.head.head.lemma_ not in _MOTION_LEMMAS
        ):
            entry = (
                self._forces_of(capital_of)
                if capital_of is ents.focal
                else self.gaz.actors.get(capital_of.state)
            )
            if entry:
                self._actor(ents, cand.start, cand.end, entry)
                return
        actors = self.gaz.actor_candidates(text)
        strong_place = self._place_for(text, ents)
        weak_place = strong_place is None or (
            strong_place.kind is PlaceKind.SETTLEMENT
            and strong_place.population < 100_000
            and not (
                ents.focal and strong_place.country == ents.focal.code and strong_place.population >= 10_000
            )
        )
        if actors and (cand.source != "GPE" or weak_place):
            self._actor(ents, cand.start, cand.end, _prefer(actors, ents))
            return
        if (
            head.dep_ in ("compound", "nmod")
            and head.head.pos_ == "NOUN"
            and head.head.i > head.i
            and head.head.lower_ not in _PLACE_TYPES
            and head.head.lower_ not in FACILITY_NOUNS
        ):
            return  # "Gulf powers", "Tihama coast units": a qualifier
        first = doc[cand.start]
        if (
            first.lower_ in DIRECTIONS
            and cand.end - cand.start > 1
            and cand.source in ("GPE", "LOC", "gaz")
            and not self.gaz.place_candidates(text)
        ):
            text = doc[cand.start + 1 : cand.end].text
            cand = _Candidate(cand.start + 1, cand.end, cand.priority, cand.source, label=text)
            if self.gaz.country_named(text):
                self._resolve_name(doc, cand, ents, text)
                return
        if cand.source == "gaz":
            place = self._place_for(text, ents)
            if place is not None:
                self._place(ents, cand.start, cand.end, place)
            return
        if cand.source == "NORP":
            return
        place = self._place_for(text, ents)
        if cand.source in ("GPE", "LOC", "FAC"):
            if place is not None:
                self._place(ents, cand.start, cand.end, place)
            elif text[:1].isupper() and cand.source != "FAC":
                self._unknown_place(ents, cand.start, cand.end, text, _context_kind(doc, cand))
            return
        # ORG: spaCy often calls a town an organisation; a known place of the article's country wins.
        home = ents.focal is not None and place is not None and place.country == ents.focal.code
        # "shelled Mariupol": what is shelled, struck or taken is ground, when no actor has the name
        struck = (
            head.dep_ == "dobj"
            and head.head.lemma_ in _PLACE_VERBS | _TAKING_LEMMAS | _ATTACK_LEMMAS
            and not self.gaz.actor_candidates(text)
        )
        if place is not None and (home or struck) and len(text.split()) <= 2:
            self._place(ents, cand.start, cand.end, place)
            return
        if cand.end - cand.start == 1 and (
            head.pos_ == "ADJ" or head.dep_ in ("amod", "compound") and head.head.lower_ not in GROUP_NOUNS
        ):
            return  # "Alawite heartland": an adjective, not an organisation
        national = self._national_forces(text)
        if national is not None:
            self._actor(ents, cand.start, cand.end, national)
            return
        if text[:1].isupper() and len(text) > 1:
            kind = _org_kind(text)
            self._add(ents, cand.start, cand.end, "org-" + slugify(text), text, kind, False)

    def _national_forces(self, text: str) -> ActorEntry | None:
        """ "Ethiopian Defence Forces", "Malian Armed Forces": a state's forces, under a name not listed."""
        words = _strip_possessive(text).split()
        if len(words) < 2 or not all(w.lower() in _FORCE_NAME_WORDS for w in words[1:]):
            return None
        if not any(w.lower() in ("forces", "force", "army", "military") for w in words[1:]):
            return None
        country = self.gaz.country_of_demonym(words[0]) or self.gaz.country_named(words[0])
        return self._forces_of(country)

    def _resolve_context_place(self, doc: Doc, cand: _Candidate, ents: ArticleEntities, text: str) -> None:
        if norm(text) in NOT_PLACES:
            return
        if self.gaz.country_named(text) or self.gaz.country_of_capital(text):
            self._resolve_name(doc, _Candidate(cand.start, cand.end, 1, "GPE", label=text), ents, text)
            return
        if self.gaz.actor_candidates(text) and not self.gaz.place_candidates(text):
            self._resolve_name(doc, _Candidate(cand.start, cand.end, 1, "ORG", label=text), ents, text)
            return
        place = self._place_for(text, ents)
        if place is not None:
            self._place(ents, cand.start, cand.end, place)
        else:
            self._unknown_place(ents, cand.start, cand.end, text, _context_kind(doc, cand))

    def _resolve_facility(self, doc: Doc, cand: _Candidate, ents: ArticleEntities, text: str) -> None:
        """A facility is a place of its own, inside the named place it is called after."""
        words = doc[cand.start : cand.end]
        named = [t for t in words[:-1] if t.pos_ == "PROPN"]
        owner = " ".join(t.text for t in named)
        parent = self._place_for(owner, ents) if named else None
        if named and parent is None and self.gaz.actor_candidates(owner):
            # "an RSF base", "an African Union base": the owner is an actor and the place is named apart
            self._resolve_name(
                doc, _Candidate(named[0].i, named[-1].i + 1, 1, "ORG", label=owner), ents, owner
            )
            return
        label = " ".join(text.split())
        cc = ents.focal.code.lower() if ents.focal else "xx"
        key = f"{slugify(label)}-{cc}"
        self._add(
            ents,
            cand.start,
            cand.end,
            key,
            label,
            PlaceKind.OTHER,
            True,
            ents.focal.code if ents.focal else None,
            parent.key if parent else None,
        )
        if parent is not None and parent.key not in ents.entities:
            self._add(
                ents,
                cand.start,
                cand.start + len(named),
                parent.key,
                parent.label,
                parent.kind,
                True,
                parent.country,
            )

    def _definite_anaphora(self, doc: Doc, ents: ArticleEntities) -> None:
        """ "The coalition", "the mission", "the airport": the entity named before with that head word."""
        for t in doc:
            if t.i in ents.by_token or t.lower_ not in ANAPHORIC_HEADS or not t.i:
                continue
            if doc[t.i - 1].lower_ not in ("the", "this", "that") or t.dep_ == "compound":
                continue
            target: Mention | None = None
            for i in range(t.i - 1, max(-1, t.i - 400), -1):
                m = ents.by_token.get(i)
                if m is None or i != m.end - 1:
                    continue
                info = ents.entities.get(m.key)
                if info is None:
                    continue
                names = [info.label, *info.aliases]
                if any(norm(n).split()[-1:] == [t.lower_] for n in names if norm(n)):
                    target = m
                    break
            if target is not None:
                info = ents.entities[target.key]
                m = Mention(t.i, t.i + 1, target.key, target.is_place)
                info.mentions.append(m)
                ents.by_token[t.i] = m

    def _home_units(self, doc: Doc, ents: ArticleEntities) -> None:
        """Armed units named by their home town: "brigades from Misrata", "militias based in Zintan".

        Reports often give such a party no other name; the town and the unit noun make its label
        ("Misrata brigades"), and a later "the brigades" takes it up.
        """
        for t in doc:
            if t.lower_ not in UNIT_NOUNS or t.pos_ not in ("NOUN", "PROPN"):
                continue
            m = ents.by_token.get(t.i)
            if m is not None and not (m.start == t.i and ents.kind_of(m.key) is ActorKind.PERSON):
                continue  # a name already ("Brigades" alone may be a misread person)
            place = _home_place(t, ents)
            if place is None:
                continue
            town = place.span(doc).text  # the town as the article spells it
            noun = t.lower_ if t.lower_.endswith("s") else t.lower_ + "s"
            label = f"{town} {noun}"
            if m is not None:
                self._merge_mention_out(ents, m)
            self._add(ents, t.i, t.i + 1, slugify(label), label, ActorKind.ARMED_GROUP, False)

    def _merge_mention_out(self, ents: ArticleEntities, m: Mention) -> None:
        """Drop a mention (and its entity, if that was its only one) so the token can name another."""
        info = ents.entities.get(m.key)
        if info is not None:
            info.mentions = [x for x in info.mentions if x is not m]
            if not info.mentions:
                del ents.entities[m.key]
        for i in range(m.start, m.end):
            if ents.by_token.get(i) is m:
                del ents.by_token[i]

    def _unclaimed_places(self, doc: Doc, ents: ArticleEntities) -> None:
        """Proper nouns nothing claimed that name a settlement of the article's country ("Falluja")."""
        if ents.focal is None:
            return
        i = 0
        while i < len(doc):
            t = doc[i]
            if t.pos_ != "PROPN" or i in ents.by_token or t.ent_type_ in ("PERSON", "NORP", "DATE"):
                i += 1
                continue
            end = _propn_run(doc, i)
            if any(j in ents.by_token for j in range(i, end)):
                i = end
                continue
            text = doc[i:end].text
            found = [
                p
                for p in self.gaz.place_candidates(text)
                if p.country == ents.focal.code and p.kind is not PlaceKind.COUNTRY
            ]
            if found and not self.gaz.actor_candidates(text) and norm(text) not in NOT_PLACES:
                self._place(ents, i, end, max(found, key=lambda p: p.population))
            i = end

    def _unknown_place(self, ents: ArticleEntities, start: int, end: int, text: str, kind: PlaceKind) -> None:
        cc = ents.focal.code.lower() if ents.focal else "xx"
        label = fold(text)
        parent = ents.focal.place if ents.focal else None
        self._add(
            ents,
            start,
            end,
            f"{slugify(label)}-{cc}",
            label,
            kind,
            True,
            ents.focal.code if ents.focal else None,
            None,
        )
        info = ents.entities[f"{slugify(label)}-{cc}"]
        info.parent = info.parent or None
        info.country = info.country or (parent and ents.focal.code if ents.focal else None)

    # ------------------------------------------------------------------ linking
    def _link_partial_names(self, doc: Doc, ents: ArticleEntities) -> None:
        """Surnames and short names after a full mention ("Dagalo" is Mohamed Hamdan Dagalo).

        Acronyms link to the organisation whose initials they are ("RSF" is the Rapid Support Forces).
        """
        people = [i for i in ents.entities.values() if i.kind is ActorKind.PERSON]
        full = [p for p in people if len(p.label.split()) >= 2]
        orgs = [i for i in ents.entities.values() if not i.is_place and i.kind is not ActorKind.PERSON]
        for info in list(ents.entities.values()):
            if info.is_place:
                continue
            target: EntityInfo | None = None
            if (
                info.kind is ActorKind.PERSON
                and info.key.startswith("person-")
                and len(info.label.split()) == 1
            ):
                target = next(
                    (
                        o
                        for o in orgs
                        if len(o.label.split()) > 1 and norm(info.label) in norm(o.label).split()
                    ),
                    None,
                )
            if target is None and info.kind is ActorKind.PERSON and info.key.startswith("person-"):
                words = norm(info.label).split()
                for p in full:
                    if p is info:
                        continue
                    pw = norm(p.label).split()
                    if len(words) < len(pw) and pw[-len(words) :] == words:
                        target = p
                        break
                    variants = {w for w in pw} | {w.removeprefix("al") for w in pw}
                    if len(words) == 1 and words[0] in variants and words[0] != pw[0]:
                        target = p
                        break
            if target is None and info.key.startswith("org-") and len(info.label.split()) <= 2:
                words = norm(info.label).split()
                target = next((p for p in full if norm(p.label).split()[-len(words) :] == words), None)
            if target is None and info.key.startswith("org-"):
                n = norm(info.label)
                for o in orgs:
                    if o is info or o.key.startswith("org-") and len(o.label) <= len(info.label):
                        continue
                    on = norm(o.label)
                    initials = "".join(w[0] for w in on.split() if w not in ("of", "for", "and", "the"))
                    single = " " not in n and len(n) > 3 and n in on.split()
                    if (
                        n.replace(" ", "") == initials
                        or single
                        or (len(n) > 3 and on.endswith(" " + n))
                        or any(norm(a) == n for a in o.aliases)
                    ):
                        target = o
                        break
            if target is not None:
                self._merge(ents, info, target)

    def _parenthetical_acronyms(self, doc: Doc, ents: ArticleEntities) -> None:
        """'the Syrian National Army (SNA)': the acronym is the name before it, whatever else it stands for.

        Every later mention of the same acronym moves with it ("SNA" is not the Somali National Army here).
        """
        moved: dict[str, str] = {}
        for m in sorted({id(x): x for x in ents.by_token.values()}.values(), key=lambda x: x.start):
            if m.is_place or m.end - m.start != 1:
                continue
            acronym = doc[m.start].text
            if acronym in moved and m.key != moved[acronym]:
                self._repoint(ents, m, moved[acronym])
                continue
            if not (acronym.isupper() and 2 <= len(acronym) <= 6 and m.start >= 2):
                continue
            if doc[m.start - 1].text != "(" or m.end >= len(doc) or doc[m.end].text != ")":
                continue
            named = ents.by_token.get(m.start - 2)
            if named is None or named.is_place or named.key == m.key:
                continue
            words = [w for w in doc[named.start : named.end] if w.is_alpha and w.lower_ not in _ACRONYM_SKIP]
            if "".join(w.text[0] for w in words).upper() == acronym:
                moved[acronym] = named.key
                self._repoint(ents, m, named.key)

    def _repoint(self, ents: ArticleEntities, m: Mention, key: str) -> None:
        """Make a mention name another entity (dropping the one it named, if that was its last mention)."""
        old = ents.entities.get(m.key)
        if old is not None:
            old.mentions = [x for x in old.mentions if x is not m]
            if not old.mentions:
                del ents.entities[m.key]
        m.key = key
        target = ents.entities[key]
        target.mentions.append(m)
        target.aliases.add(" ".join(ents.doc[m.start : m.end].text.split()))

    def _one_sense(self, ents: ArticleEntities) -> None:
        """A name the article gives a place names that place throughout: "the town of Khan al-Assal ...
        the advance on Khan al-Assal" is one town, though the model took the second for a person."""
        places: dict[str, str] = {}
        for key, info in ents.entities.items():
            if info.is_place:
                for m in info.mentions:
                    places.setdefault(norm(ents.doc[m.start : m.end].text), key)
        for key, info in list(ents.entities.items()):
            if info.kind is not ActorKind.PERSON or not key.startswith("person-"):
                continue  # a person the gazetteer knows keeps its name
            targets = {places.get(norm(ents.doc[m.start : m.end].text)) for m in info.mentions}
            if len(targets) != 1 or None in targets:
                continue
            (target,) = targets
            for m in list(info.mentions):
                m.is_place = True
                self._repoint(ents, m, target)  # type: ignore[arg-type]

    def _merge(self, ents: ArticleEntities, source: EntityInfo, target: EntityInfo) -> None:
        target.aliases |= source.aliases
        for m in source.mentions:
            m.key = target.key
            target.mentions.append(m)
        del ents.entities[source.key]

    def _place_contexts(self, doc: Doc, ents: ArticleEntities) -> None:
        """Kinds and parents stated around a place: "the village of X in Y province", "X, a district of Y"."""
        for info in ents.entities.values():
            if not info.is_place:
                continue
            for m in info.mentions:
                kind, parent_tok = _stated_type(doc, m)
                if kind is not None and info.key not in self.gaz.places and info.kind is PlaceKind.OTHER:
                    info.kind = kind
                if parent_tok is not None:
                    pm = ents.by_token.get(parent_tok.i)
                    if pm is not None and pm.is_place and pm.key != info.key:
                        info.parent = pm.key


PLATFORMS = frozenset(
    "twitter x telegram facebook youtube whatsapp instagram tiktok truth social vk signal".split()
)
"""Where words were posted is not who said them."""
DIRECTIONS = frozenset(
    "northern southern eastern western central northeastern northwestern southeastern southwestern "
    "north south east west northeast northwest southeast southwest".split()
)
NOT_PLACES = frozenset(
    "northern southern eastern western central north south east west "
    "brig gen col lt maj sgt capt gov sen rep "
    "st mt ft".split()
)
FACILITY_NOUNS = frozenset(
    "airport airbase base port seaport harbour harbor hotel palace prison hospital bridge dam refinery "
    "intersection headquarters compound barracks checkpoint crossing camp mosque church market stadium "
    "garrison".split()
)
"""Facilities count as places where something happens ("Hodeidah airport", "the presidential palace")."""
MIN_FOREIGN_POPULATION = 50_000
"""A settlement outside the article's countries must be this large to be believed (many towns are named
after common words)."""
_ORG_TITLES = frozenset(
    "office secretary secretary-general head chief spokesman spokeswoman president director chairman "
    "commander leader envoy representative minister".split()
)
_MEDIA_NOUNS = frozenset(
    [
        "newspaper",
        "daily",
        "weekly",
        "magazine",
        "agency",
        "channel",
        "broadcaster",
        "tv",
        "television",
        "radio",
        "outlet",
        "website",
        "portal",
        "tabloid",
    ]
)
_TITLE_WORDS = frozenset(
    [
        "president",
        "minister",
        "foreign",
        "defence",
        "defense",
        "prime",
        "secretary",
        "general",
        "brigadier",
        "brig",
        "lieutenant",
        "colonel",
        "commander",
        "chief",
        "spokesman",
        "sheikh",
        "dr",
        "mr",
        "mrs",
        "ms",
        "king",
        "prince",
        "emir",
        "observatory",
        "director",
    ]
)
_ALL_TITLE_WORDS = _TITLE_WORDS | TITLES


_LOCATIVE_NOUNS = frozenset(
    "blockade siege outskirts centre center edge fall capture recapture shelling bombardment control "
    "suburbs heart streets north south east west outskirt gates entrance".split()
)
_PLACE_CONTEXT_PREPS = frozenset("in at into near outside toward towards around from".split())


def _context_places(doc: Doc) -> Iterable[_Candidate]:
    """Proper names that the words around them call places: "the town of X", "X district", "at X".

    Facilities with a name or a defining word ("Hodeidah airport", "the presidential palace") come too.
    """
    n = len(doc)
    for sent in doc.sents:
        first = sent[0]
        if first.is_alpha and dateline_end(doc, first.i) is not None:
            end = first.i
            while end < sent.end and (
                doc[end].is_alpha
                and (doc[end].is_upper or doc[end].is_title)
                or doc[end].text == "-" and end > first.i and not doc[end - 1].whitespace_
            ):
                end += 1
            if end > first.i:
                yield _Candidate(first.i, end, 3, "PLACECTX", label=doc[first.i : end].text.title())
    for t in doc:
        low = t.lower_
        if (
            low == "of"
            and t.i >= 1
            and doc[t.i - 1].lower_ in _LOCATIVE_NOUNS
            and t.i + 1 < n
            and doc[t.i + 1].pos_ == "PROPN"
        ):
            end = _propn_run(doc, t.i + 1)
            yield _Candidate(t.i + 1, end, 1, "PLACECTX", label=doc[t.i + 1 : end].text)
        elif low == "of" and t.i >= 1 and doc[t.i - 1].lower_ in _PLACE_TYPES and t.i + 1 < n:
            end = _propn_run(doc, t.i + 1)
            if end > t.i + 1:
                yield _Candidate(t.i + 1, end, 2, "PLACECTX", label=doc[t.i + 1 : end].text)
        elif low in _PLACE_CONTEXT_PREPS and t.i + 1 < n and doc[t.i + 1].pos_ == "PROPN":
            end = _propn_run(doc, t.i + 1)
            if (
                end > t.i + 1
                and doc[t.i + 1].ent_type_ in ("", "ORG", "PERSON", "GPE", "LOC", "FAC")
                and doc[end - 1].lower_.strip(".") not in _ORGANISATION_WORDS
            ):
                yield _Candidate(t.i + 1, end, 2, "PLACECTX", label=doc[t.i + 1 : end].text)
        elif t.text == "city" and t.i >= 1 and _named_city(doc, t.i - 1):
            start = t.i - 1  # "Aleppo city": the model may take the name for a people or an adjective
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title:
                start -= 1
            yield _Candidate(start, t.i, 2, "PLACECTX", label=doc[start : t.i].text)
        elif (
            low in FACILITY_NOUNS
            and t.pos_ in ("NOUN", "PROPN")
            and not (t.dep_ == "compound" and t.head.pos_ == "NOUN")
        ):
            nxt = doc[t.i + 1 : t.i + 3]
            if (
                len(nxt) == 2
                and nxt[0].lower_ in ("in", "at", "near", "outside", "of")
                and nxt[1].pos_ == "PROPN"
                and not any(doc[j].pos_ == "PROPN" for j in range(max(0, t.i - 2), t.i))
            ):
                continue  # "an army camp at Mondoro": the named place is the location
            start = t.i
            while start > 0 and (
                doc[start - 1].pos_ == "PROPN"
                or doc[start - 1].lower_
                in ("international", "presidential", "military", "air", "naval", "army", "army's")
            ):
                start -= 1
            if start < t.i:
                words = doc[start : t.i + 1]
                if words[0].lower_ == "army's":
                    start += 1
                yield _Candidate(start, t.i + 1, 2, "FACILITY", label=doc[start : t.i + 1].text)


_ORGANISATION_WORDS = frozenset(
    "company companies corporation corp inc ltd llc plc group holdings shipping airlines airways bank "
    "petroleum industries logistics".split()
)
"""Last words of a firm's name ("Eagle Bulk Shipping", "Acme Holdings Ltd."): "a statement from" one
names no place, whatever the preposition suggests."""


_FORCE_NAME_WORDS = frozenset(
    "national defence defense armed forces force army military people's peoples self-defense self-defence "
    "royal federal".split()
)
"""Words a state's forces are named with after the country's name ("National Defence Forces")."""


INSURGENT_WORDS = frozenset(
    "resistance rebel rebels insurgent insurgents opposition guerrilla guerrillas anti-junta "
    "anti-government anti-regime".split()
)
"""Words that make a force noun the state's enemies ("resistance armies"), not its army."""
_INSURGENT_GROUPS = frozenset("groups group fighters militias militia movements".split())


def _insurgent(head: Token, words: list[Token]) -> bool:
    """The force is the state's enemies: "resistance forces", "a force of resistance groups"."""
    phrases = [words] + [
        list(obj.doc[obj.left_edge.i : obj.i])
        for _, obj in _of_objects(head)
        if obj.lower_ in _INSURGENT_GROUPS
    ]
    return any(_insurgent_word(w) for phrase in phrases for w in phrase)


def _insurgent_word(token: Token) -> bool:
    """ "resistance", "rebel", "anti-junta" (one token or three)."""
    low, doc = token.lower_, token.doc
    if low == "-" and token.i + 1 < len(doc):
        return f"{doc[token.i - 1].lower_}-{doc[token.i + 1].lower_}" in INSURGENT_WORDS
    return low in INSURGENT_WORDS


def _named_city(doc: Doc, i: int) -> bool:
    """The word before "city" names one: a proper name, or a known place the model took for an adjective."""
    word = doc[i]
    if not word.is_title:
        return False
    return word.pos_ == "PROPN" or word.pos_ == "ADJ" and bool(load_gazetteer().place_candidates(word.text))


def _propn_run(doc: Doc, start: int) -> int:
    end = start
    while (
        end < len(doc)
        and end < start + 4
        and (
            doc[end].pos_ == "PROPN"
            or (doc[end].text == "-" and end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN")
        )
    ):
        end += 1
    return end


def _in_objects(head: Token) -> list[Token]:
    """The objects of 'in' under a noun ("security forces in Mali")."""
    return [
        o
        for c in head.children
        if c.dep_ == "prep" and c.lower_ == "in"
        for o in c.children
        if o.dep_ == "pobj"
    ]


def _dateline_credits(doc: Doc) -> set[int]:
    """Tokens of the agency credit in a dateline ("(AP)", "(Reuters)"): page furniture, not actors."""
    out: set[int] = set()
    for sent in doc.sents:
        tokens = list(sent)
        if len(tokens) < 4 or dateline_end(doc, tokens[0].i) is None:
            continue
        for i, tok in enumerate(tokens[:-2]):
            if tok.text == "(" and tokens[i + 2].text == ")" and i + 3 <= len(tokens):
                out.add(tokens[i + 1].i)
                break
    return out


_NAME_PARTICLES = frozenset(
    "of for and the al el bin ibn de du la le van von da di des del y on in at".split()
)


def _split_at_participles(segments: list[tuple[int, int]], doc: Doc) -> list[tuple[int, int]]:
    """Split a model's name span where it cannot be one name.

    "The Houthi-run Al-Masirah TV" is two names (the owner before "-run", the outlet after it), and
    "Goma after Government" runs across a conjunction.
    """
    out: list[tuple[int, int]] = []
    for start, end in segments:
        cut = start
        for i in range(start, end):
            t = doc[i]
            if (
                t.is_lower
                and t.is_alpha
                and t.lower_ not in _NAME_PARTICLES
                and t.pos_ in ("SCONJ", "VERB", "AUX", "PRON", "ADV", "CCONJ", "ADP", "DET", "PART")
            ):
                if i > cut:
                    out.append((cut, i))
                cut = i + 1
            elif i < end - 1 and t.text == "-" and doc[i + 1].lower_ in _ACTOR_SUFFIXES and i > cut:
                out.append((cut, i))
                cut = i + 2
        if end > cut:
            out.append((cut, end))
    return out


def _segments(ent: Span) -> list[tuple[int, int]]:
    """An entity's token ranges, split at line breaks (the model's spans sometimes run across them)."""
    out: list[tuple[int, int]] = []
    start = ent.start
    for t in ent:
        if t.is_space or "\n" in t.text_with_ws:
            end = t.i if t.is_space else t.i + 1
            if end > start:
                out.append((start, end))
            start = t.i + 1
    if ent.end > start:
        out.append((start, ent.end))
    return out


def _codename(doc: Doc, start: int) -> bool:
    before = [t.lower_ for t in doc[max(0, start - 3) : start] if not t.is_punct]
    return bool(before) and before[-1] in ("codenamed", "dubbed", "named", "operation", "code-named")


_WEB_ADDRESS = re.compile(r"\.(com|org|net|co\.uk|info)\b", re.I)


_CAPITALISED = frozenset(["PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "FACILITY", "PLACECTX"])
"""Sources of candidates found by their capital letters: the model's entity labels, named facilities
("Wheelus Air Base") and places after a preposition ("from Harawa")."""


class _Headlines:
    """The lines of a document set in headline case ("Rebels Capture Hometown of Kidnapped Schoolgirls"),
    where a capital letter does not mark a name: a run of capitalised words the model reads as a name
    there is one only if the gazetteer knows it or the rest of the text names it too."""

    def __init__(self, doc: Doc) -> None:
        self.tokens: set[int] = set()
        rest: list[str] = []
        pos = 0
        for line in doc.text.splitlines(keepends=True):
            start, pos = pos, pos + len(line)
            if _headline_case(line):
                span = doc.char_span(start, start + len(line.rstrip()), alignment_mode="expand")
                if span is not None:
                    self.tokens.update(range(span.start, span.end))
                rest.append(" " * len(line))
            else:
                rest.append(line)
        self.rest = "".join(rest).lower() if self.tokens else ""

    def only_there(self, candidate: _Candidate) -> bool:
        """Whether `candidate` lies in a headline and the rest of the text never names it."""
        return (
            candidate.start in self.tokens
            and candidate.end - 1 in self.tokens
            and candidate.label.lower() not in self.rest
        )


_HEADLINE_MIN_WORDS = 5


def _headline_case(line: str) -> bool:
    """A line whose every word of four letters or more starts with a capital, without being all capitals:
    how headlines are set, not prose (where such a run is a name)."""
    words = [w.strip("\"'\u2018\u2019\u201c\u201d(),:;.!?") for w in line.split()]
    long = [w for w in words if len(w) >= 4 and w[:1].isalpha()]
    if len(words) < _HEADLINE_MIN_WORDS or len(long) < 3 or line.isupper():
        return False
    return all(w[0].isupper() for w in long)


VESSEL_NOUNS = frozenset(
    "ship vessel tanker carrier freighter bulker containership warship frigate destroyer corvette cruiser "
    "submarine ferry trawler dhow tugboat tug barge boat yacht".split()
)
"""Nouns a ship's name stands beside: "the tanker X", "X, a bulk carrier"."""
_SHIP_PREFIXES = frozenset("mv m/v m.v. mt m/t m.t. uss hms ins".split())
"""What ships' names start with: merchant vessel, motor tanker, and the navies' own prefixes."""
_VESSEL_WORDS = re.compile(
    r"\b(?:" + "|".join(sorted(VESSEL_NOUNS)) + r")s?\b|\b(?:M\.?\s?/?\s?[VT]\.?|USS|HMS|INS)\s", re.I
)


_GENERIC_SOURCES = frozenset(["force", "rebels", "ministry", "state-media", "state-agency"])
"""Sources of candidates found by their common nouns ("forces", "rebels"), not by a name."""


def _name_run(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The whole run of proper nouns the span doc[start:end] lies in ("Falcon" in "the M/V Sea Falcon")."""
    while start > 0 and doc[start - 1].tag_ in ("NNP", "NNPS") and doc[start - 1].is_alpha:
        start -= 1
    while end < len(doc) and doc[end].tag_ in ("NNP", "NNPS") and doc[end].is_alpha:
        end += 1
    return start, end


def _ship_name(label: str) -> str:
    """A name as `_vessel_names` keeps it: without "the" and a ship prefix ("the M/V X" -> "x")."""
    words = norm(label).split()
    # "the", a prefix, or what is left of one the model split ("M/V" as "M", "/", "V")
    while words and (words[0] == "the" or words[0] in _SHIP_PREFIXES or len(words[0]) == 1):
        words = words[1:]
    return " ".join(words)


def _a_ship(doc: Doc, candidate: _Candidate, vessels: set[str]) -> bool:
    """Whether `candidate`, or the run of proper nouns it lies in, is one of the ships `vessels` names."""
    if not vessels:
        return False
    run = doc[slice(*_name_run(doc, candidate.start, candidate.end))]
    return _ship_name(candidate.label) in vessels or _ship_name(run.text) in vessels


def _vessel_names(doc: Doc, known: Callable[[str], bool]) -> set[str]:
    """The names the article gives ships (`_ship_name`): a name said once beside a vessel noun or prefix
    is a ship's wherever the article uses it ("the Gibraltar Eagle" after "the M/V Gibraltar Eagle").
    A name the gazetteer `known`s counts only after a ship's prefix: "the tanker Iran seized" is Iran."""
    names: set[str] = set()
    if not _VESSEL_WORDS.search(doc.text):
        return names  # most articles name no ship: one scan of the text rather than a walk of its tokens
    i = 0
    while i < len(doc):
        if doc[i].tag_ not in ("NNP", "NNPS") or not doc[i].is_alpha:
            i += 1
            continue
        start, end = _name_run(doc, i, i + 1)
        name = _ship_name(doc[start:end].text)
        if _names_a_vessel(doc, start, end, prefixed_only=known(name)):
            names.add(name)
        i = end
    names.discard("")
    return names


def _names_a_vessel(doc: Doc, start: int, end: int, prefixed_only: bool = False) -> bool:
    """Whether the name doc[start:end] is a ship's: a prefix or a vessel noun before it ("the tanker X"),
    or an apposition after it whose noun is one ("X, a Marshall Islands-flagged bulk carrier"); with
    `prefixed_only`, the prefix alone."""
    near = [t.lower_ for t in doc[max(0, start - 3) : start + 1]]
    pieces = ("".join(near[i:j]) for i in range(len(near)) for j in range(i + 1, len(near) + 1))
    if any(piece in _SHIP_PREFIXES for piece in pieces):
        return True  # "USS Carney", "the M/V Gibraltar Eagle" (the model splits "M/V" in three)
    if prefixed_only:
        return False
    if start and doc[start - 1].lemma_.lower() in VESSEL_NOUNS:
        return True
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an"):
        for t in doc[end + 2 : end + 10]:
            if t.is_punct or t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN":
                break
            if t.lemma_.lower() in VESSEL_NOUNS and t.pos_ == "NOUN":
                return True
    return False


_PERSONAL_TITLES = frozenset(
    "general gen colonel col brigadier brig lieutenant lt captain capt sergeant sgt admiral adm commander "
    "cmdr president minister governor senator ambassador spokesman spokeswoman mr mrs ms dr".split()
)
"""Titles that stand before a person's name only ("Major" and "Chief" also start other names)."""
_INSTITUTION_WORDS = frozenset(
    "council assembly staff command directorate security service services forces force army navy ministry "
    "office department committee court authority agency league corps division brigade regiment battalion "
    "hospital university bank company group party front movement union".split()
)
"""Words of an institution's name, which a title may stand before too ("General Security Directorate")."""


def _titled_names(doc: Doc) -> Iterable[_Candidate]:
    """People the model missed after a title: "General Sylvain Ekenge, the spokesman" (two or three
    capitalised words after it, none of them an institution's, outside any name the model found)."""
    for t in doc:
        if t.lower_.strip(".") not in _PERSONAL_TITLES or not (t.is_title or t.is_upper):
            continue
        end = t.i + 1
        while end < len(doc) and end - t.i <= 3 and _capitalised_name_word(doc[end]):
            end += 1
        name = doc[t.i + 1 : end]
        if not 2 <= len(name) <= 3 or end < len(doc) and doc[end].tag_ in ("NNP", "NNPS"):
            continue
        if any(w.ent_type_ or w.lower_ in _INSTITUTION_WORDS for w in name):
            continue
        yield _Candidate(name.start, name.end, 1, "PERSON", label=name.text)


_NAMED_SOURCES = frozenset(["ORG", "NORP", "FAC", "GPE", "LOC"])
"""The model's labels for names of groups and places (a person's name is read by _resolve_person)."""


def _with_place_type(text: str) -> bool:
    """A name the model ran together with the place type written after it in lower case ("Kajo-Keji
    county"): a type word set in capitals may be part of a proper name ("Islamic State")."""
    words = text.split()
    return len(words) >= 2 and words[-1] in _NAMED_PLACE_TYPES and words[0][:1].isupper()


def _ministry_name(text: str) -> bool:
    """ "the Ministry of Defense", "Ministry of Foreign Affairs": a ministry named in full."""
    return norm(text).removeprefix("the ").startswith("ministry ")


def _capitalised_name_word(token: Token) -> bool:
    return token.tag_ == "NNP" and token.is_title and token.is_alpha


def _capital_by_position(token: Token) -> bool:
    """A common noun (as the tagger reads it) capitalised only because it opens a sentence or a quote."""
    if token.tag_ not in ("NN", "NNS"):
        return False
    before = token.doc[token.i - 1] if token.i else None
    return token.is_sent_start or before is None or before.is_quote or before.text in ("(", "[")


def _credit_line(text: str) -> bool:
    """A web address or credit ("Rappler.com") names the page, not a party to the story."""
    return bool(_WEB_ADDRESS.search(text))


def _hyphen_modifier(doc: Doc, end: int) -> bool:
    """ "Britain-based": a place used only to qualify something else."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _PLACE_SUFFIXES


def _np_text(token: Token) -> str:
    """A noun phrase's words without its determiner ("the African Union mission")."""
    words = [
        t
        for t in token.subtree
        if t.dep_ not in ("det", "punct")
        and t.i <= token.i
        or t.i > token.i
        and t.dep_ in ("compound", "flat")
    ]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _np_texts(token: Token) -> list[str]:
    """The phrase a token heads, short and long ("African Union Transition Mission (in Somalia)")."""
    full: list[str] = []
    for t in token.subtree:
        if t.text in ("(", ",", ";") and t.i > token.i:
            break
        if t.dep_ != "det":
            full.append(t.text)
    return [_np_text(token), " ".join(full)]


def _home_place(unit: Token, ents: ArticleEntities) -> Mention | None:
    """The town in 'brigades from X', 'brigades composed of fighters from X', 'militias based in X'."""
    frontier = [unit]
    for _ in range(3):
        nxt: list[Token] = []
        for node in frontier:
            for child in node.children:
                # "in" only after "based"/"stationed": "a brigade in Bakhmut" is where it fights
                preps = ("from", "of", "in") if node.dep_ == "acl" else ("from", "of")
                if child.dep_ == "prep" and child.lower_ in preps:
                    for obj in child.children:
                        m = ents.by_token.get(obj.i)
                        if obj.dep_ == "pobj" and m is not None and m.is_place:
                            kind = ents.kind_of(m.key)
                            return m if kind not in (PlaceKind.COUNTRY, PlaceKind.REGION) else None
                        nxt.append(obj)
                elif child.dep_ == "acl" and child.lemma_ in ("base", "compose", "make", "draw", "station"):
                    nxt.append(child)
        frontier = nxt
    return None


def _named_government(head: Token) -> bool:
    """'Government of National Accord': a capitalised government noun that opens a name."""
    doc = head.doc
    return (
        head.is_title
        and head.i + 2 < len(doc)
        and doc[head.i + 1].lower_ == "of"
        and doc[head.i + 2].is_title
        and not head.is_sent_start
    )


def _loyal_to(head: Token) -> str | None:
    """The name in "forces loyal to X" ("troops loyal to Hadi")."""
    for child in head.children:
        if child.lower_ == "loyal":
            for prep in child.children:
                if prep.lower_ == "to":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            return " ".join(t.text for t in obj.subtree if t.dep_ != "det")
    return None


def _of_objects(token: Token) -> list[tuple[str, Token]]:
    return [
        (c.lower_, o)
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
        if o.dep_ == "pobj"
    ]


def _modifier_start(head: Token) -> int:
    """The first token of the modifiers right before `head` in its noun phrase (no determiners)."""
    doc = head.doc
    start = head.i
    sent_start = head.sent.start
    while start - 1 >= sent_start:
        prev = doc[start - 1]
        if prev.is_space or prev.pos_ in (
            "DET",
            "NUM",
            "ADP",
            "VERB",
            "AUX",
            "CCONJ",
            "PRON",
            "ADV",
            "SCONJ",
        ):
            break
        if prev.is_punct and prev.text not in ("-",):
            break
        if not (
            prev.is_ancestor(head) or head.is_ancestor(prev) or prev.head == head or prev.head.head == head
        ):
            break
        start -= 1
    return start


_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")


def _strip_possessive(text: str) -> str:
    return _POSSESSIVE_END.sub("", text.strip())


def _prefer(entries: list[ActorEntry], ents: ArticleEntities) -> ActorEntry:
    focal = ents.focal.code if ents.focal else None
    return max(entries, key=lambda e: (e.country == focal, e.kind is not ActorKind.OTHER))


def _is_sayer(token: Token) -> bool:
    """The subject of a reporting verb ("X said", "X told reporters")."""
    return token.dep_ == "nsubj" and token.head.lemma_ in (
        "say",
        "tell",
        "add",
        "warn",
        "insist",
        "claim",
        "report",
        "announce",
        "state",
        "write",
    )


def _is_speaker(token: Token) -> bool:
    return token.dep_ in _AGENT_DEPS and token.head.lemma_ in ("say", "tell", "add")


def _acts(token: Token, doc: Doc) -> bool:
    """Whether a country or capital name is used as an agent rather than as a place."""
    t = token
    while t.dep_ == "conj":
        t = t.head
    if t.i == t.sent.start and dateline_end(t.doc, t.i) is not None:
        return False  # a dateline ("DAMASCUS, Syria -")
    if t.dep_ in _AGENT_DEPS:
        return True
    if t.dep_ == "poss":
        return t.head.lower_ in _ACTOR_HEADS
    if t.dep_ == "pobj":
        prep = t.head
        if prep.lower_ == "by" and (prep.dep_ == "agent" or prep.head.pos_ == "NOUN"):
            return True
        if prep.lower_ == "of" and prep.head.lower_ in (
            "ally",
            "allies",
            "backer",
            "backers",
            "alliance",
            "support",
            "help",
            "side",
            "enemy",
            "enemies",
        ):
            return True
        if prep.lower_ == "with" and prep.head.lower_ in ("alliance", "allied", "ties", "talks"):
            return True
        if prep.lower_ == "from" and prep.head.lemma_ in (
            "receive",
            "get",
            "help",
            "support",
            "weapon",
            "arm",
        ):
            return True
        if prep.lower_ == "from" and prep.head.dep_ == "prep":
            return False
    return t.dep_ == "appos" and t.head.dep_ in _AGENT_DEPS


_LOCATIVE_PREPS = frozenset(
    "in into inside within across throughout near at toward towards around over outside "
    "through via along beyond".split()
)
_MOTION_LEMMAS = frozenset(
    "flee spread return travel go move deploy send fly cross head extend expand arrive come "
    "enter escape smuggle fire launch withdraw retreat relocate evacuate transfer spill "
    "infiltrate push drive lead".split()
)
_PLACE_VERBS = frozenset(
    "hit enter reach cross leave visit invade flee shell bomb tour rule control divide "
    "occupy annex strike shell pound raid".split()
)
_ATTACK_LEMMAS = frozenset("attack assault bombard target besiege".split())
"""Verbs whose object may be a party or ground: a name the gazetteer knows only as a place is ground."""
_TAKING_LEMMAS = frozenset("take seize capture retake recapture storm besiege overrun liberate".split())
"""Verbs whose object is ground taken: "to take Tal Rifaat" names a town, not a person."""
_PLACE_HEADS = frozenset(
    "border borders territory territories north south east west northeast northwest southeast "
    "southwest capital city cities province provinces region soil airspace coast war conflict "
    "frontier side part parts people population economy centre center heartland interior "
    "outskirts edge countryside villages towns regions areas areas".split()
)
_GIVER_HEADS = frozenset(
    "troops forces counterparts officials delegation envoy envoys fighters mercenaries "
    "diplomats support help weapons arms aid soldiers delegates minister ministers pressure "
    "backing assistance funding money shipments supplies".split()
)
_OFFICIAL_NOUNS = frozenset(
    "secretary minister president officials official envoy ambassador spokesman spokeswoman delegation "
    "diplomat diplomats leader government army military forces troops navy officers commander".split()
)
_ACTOR_SUFFIXES = frozenset(
    "backed led aligned allied linked funded supported sponsored armed brokered "
    "affiliated controlled run".split()
)
_PLACE_SUFFIXES = frozenset("based born made registered owned headquartered".split())


def _country_role(token: Token) -> str | None:
    """Whether a country name acts ("actor"), locates ("place"), or only qualifies something (None)."""
    t = token
    while t.dep_ == "conj":
        t = t.head
    doc = t.doc
    if t.i == t.sent.start and dateline_end(t.doc, t.i) is not None:
        return "place"  # a dateline
    sent = t.sent
    if sent[0].is_upper and len(sent[0]) > 1 and sent[-1].text in ("-", "--", "—", "–"):
        return "place"  # inside a dateline: "KYIV, Ukraine (AP) -"
    if t.dep_ == "appos" and t.head.ent_type_ in ("GPE", "LOC", "FAC"):
        return "place"  # "Hiroshima, Japan"
    if t.i + 2 < len(doc) and doc[t.i + 1].text == "-":
        suffix = doc[t.i + 2].lower_
        if suffix in _ACTOR_SUFFIXES:
            return "actor"
        if suffix in _PLACE_SUFFIXES:
            return None
    if t.dep_ in ("compound", "amod", "nmod") and t.head.pos_ in ("NOUN", "PROPN") and t.head.i > t.i:
        if t.head.lower_ in _PLACE_TYPES or t.head.lower_ in _PLACE_HEADS:
            return "place"
        if t.head.lower_.strip(".") in _OFFICIAL_NOUNS:
            return "actor"  # "US Secretary of State": the official speaks for the state
        return None  # "Gulf powers", "Iran nuclear deal": a qualifier, not a party or a place
    if t.dep_ == "poss":
        owned = t.head.lower_ in GOVERNMENT_NOUNS | FORCE_NOUNS | GROUP_NOUNS | {"junta", "ministry"}
        if (
            t.head.lower_ in _PLACE_HEADS
            or owned
            or (t.head.pos_ == "PROPN" and t.head.ent_type_ in ("ORG", "NORP"))
        ):
            return "place"  # "Yemen's Houthis": where the group comes from
        return "actor"
    if t.dep_ == "pobj":
        prep, head = t.head, t.head.head
        word = prep.lower_
        if word in _LOCATIVE_PREPS:
            return "place"
        if word == "with" and head.lower_ in ("border", "crossing", "frontier", "borders"):
            return "place"
        if word in ("to", "for"):
            return "place" if head.lemma_ in _MOTION_LEMMAS or head.lower_ in _PLACE_HEADS else "actor"
        if word == "from":
            giver = head.lemma_ in ("receive", "get", "obtain", "buy", "import", "acquire", "seek", "request")
            return "actor" if giver or head.lower_ in _GIVER_HEADS else "place"
        if word == "of":
            return "actor" if head.lower_ in _ACTOR_HEADS or head.lower_ in _GIVER_HEADS else "place"
        if (
            word == "on"
            and head.pos_ in ("VERB", "NOUN")
            and head.lemma_ in ("attack", "war", "strike", "sanction", "pressure", "call")
        ):
            return "actor"
        if word == "on":
            return "place"
        return "actor"
    if t.dep_ in ("dobj", "obj"):
        return "place" if t.head.lemma_ in _PLACE_VERBS | _MOTION_LEMMAS else "actor"
    if t.dep_ in _AGENT_DEPS or t.dep_ in ("appos", "attr", "dative", "iobj", "agent"):
        return "actor"
    return "place"


def _context_kind(doc: Doc, cand: _Candidate) -> PlaceKind:
    opens = cand.start == 0 or "\n" in doc[cand.start - 1].text or "\n" in doc[cand.start - 1].whitespace_
    if opens and dateline_end(doc, cand.start) is not None:
        return PlaceKind.SETTLEMENT  # a dateline names the city the story was filed from
    last = doc[cand.end - 1].lower_
    if last in _PLACE_TYPES and cand.end - cand.start > 1:
        return _PLACE_TYPES[last]
    before = doc[cand.start - 2 : cand.start] if cand.start >= 2 else doc[0 : cand.start]
    after = doc[cand.end : cand.end + 1]
    for t in (*before, *after):
        kind = _PLACE_TYPES.get(t.lower_)
        if kind is not None:
            return kind
    return PlaceKind.OTHER


_CONTAINER_PHRASES = (
    ("of",),
    ("in",),
    ("on", "the", "edge", "of"),
    ("on", "the", "outskirts", "of"),
    ("outside",),
    ("on", "the", "northern", "edge", "of"),
)
_LONGEST_CONTAINER_PHRASE = max(len(phrase) for phrase in _CONTAINER_PHRASES)


def _places_taken_for_actors(doc: Doc, ents: ArticleEntities) -> None:
    """Names the model took for a person or organisation that the article itself shows to be places.

    An unknown name is a place when the article names the same place elsewhere ("the town of Konna"
    ... "Konna is under our control"), or states its type next to it ("Harawa, a town about 70 km
    from Sirte", "the districts of Gereshk, Sangin and Marjah").
    """
    places = {
        norm(n): key
        for key, info in ents.entities.items()
        if info.is_place
        for n in (info.label, *info.aliases)
    }
    for key, info in list(ents.entities.items()):
        if (
            info.is_place
            or key in ents.gazetteer.actors
            or info.kind not in (ActorKind.PERSON, ActorKind.OTHER)
        ):
            continue
        # an organisation may share a name with a place ("Eagle Bulk Shipping"); a person the model
        # made of a town's name has no such excuse
        place = places.get(norm(info.label)) if info.kind is ActorKind.PERSON else None
        kind = None
        if place is None:
            kind = next((k for m in info.mentions if (k := _listed_type(doc, m)) is not None), None)
            if kind is None:
                continue
            place = slugify(info.label)
            if place in ents.entities:
                continue
            country = (
                ents.focal.place if ents.focal is not None and ents.focal.place in ents.entities else None
            )
            ents.entities[place] = EntityInfo(
                place, info.label, kind, True, aliases=set(info.aliases), parent=country
            )  # a place the gazetteer lacks lies in the country the article is about
        target = ents.entities[place]
        del ents.entities[key]
        for m in info.mentions:
            moved = Mention(m.start, m.end, place, True)
            target.mentions.append(moved)
            for i in range(m.start, m.end):
                if ents.by_token.get(i) is m:
                    ents.by_token[i] = moved


def _listed_type(doc: Doc, m: Mention) -> PlaceKind | None:
    """The place type an appositive or a preceding "of" phrase gives a mention ("Harawa, a town ...",
    "the town of X"), or gives the list it ends ("the districts of A, B and C"), or the plural subject of
    a list that says what they are ("the towns are A, B and C")."""
    root = doc[m.end - 1]
    for c in root.children:  # "X, a town about 70 km from Y" (not "X, the city's ambulance service")
        if c.dep_ == "appos" and c.lower_ in _PLACE_TYPES:
            return _PLACE_TYPES[c.lower_]
    member = root
    while member.dep_ == "conj" and member.head.i < member.i:
        member = member.head
    if member.dep_ == "attr" and member.head.lemma_ == "be":  # "the towns are A, B and C"
        subject = next((c for c in member.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_.endswith("s"):
            return _PLACE_TYPES.get(subject.lower_[:-1])
        return None
    first = doc[m.start]
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.i < 2 or doc[first.i - 1].lower_ != "of":
        return None
    word = doc[first.i - 2].lower_
    if first.i == m.start:
        return _PLACE_TYPES.get(word)
    return _PLACE_TYPES.get(word[:-1]) if word.endswith("s") else None


def _stated_type(doc: Doc, m: Mention) -> tuple[PlaceKind | None, Token | None]:
    """The place type and containing place stated next to a mention, if any.

    Recognised: "the village of X (in Y)", "X district", "X, a (key) district (on the edge) of Y",
    "the X neighborhood of Y", "X in Y province", "X, Y" (a dateline or "Mosul, Iraq").
    """
    first, last = doc[m.start], doc[m.end - 1]
    kind: PlaceKind | None = None
    parent: Token | None = None
    i = last.i + 1
    if first.i >= 2 and doc[first.i - 1].lower_ == "of" and doc[first.i - 2].lower_ in _PLACE_TYPES:
        kind = _PLACE_TYPES[doc[first.i - 2].lower_]
    elif i < len(doc) and doc[i].lower_ in _PLACE_TYPES:
        kind = _PLACE_TYPES[doc[i].lower_]
        i += 1
    elif i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in ("a", "an", "the"):
        j = i + 2
        while (
            j < len(doc)
            and j < i + 6
            and doc[j].pos_ in ("ADJ", "NOUN", "VERB")
            and doc[j].lower_ not in _PLACE_TYPES
        ):
            j += 1
        if j < len(doc) and doc[j].lower_ in _PLACE_TYPES:
            kind = _PLACE_TYPES[doc[j].lower_]
            i = j + 1
    elif i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].pos_ == "PROPN":
        return None, doc[i + 1]
    following = tuple(t.lower_ for t in doc[i : i + _LONGEST_CONTAINER_PHRASE])
    for phrase in _CONTAINER_PHRASES:
        if following[: len(phrase)] == phrase:
            j = i + len(phrase)
            while j < len(doc) and doc[j].pos_ in ("DET", "ADJ") and doc[j].lower_ not in _PLACE_TYPES:
                j += 1
            if j < len(doc) and doc[j].pos_ == "PROPN":
                region_word = j + 1 < len(doc) and doc[j + 1].lower_ in _PLACE_TYPES
                if kind is not None or region_word or phrase != ("in",):
                    parent = doc[j]
            elif j + 2 < len(doc) and doc[j].lower_ in _PLACE_TYPES and doc[j + 1].lower_ == "of":
                parent = doc[j + 2]
            break
    return kind, parent


def _org_kind(text: str) -> ActorKind:
    words = set(norm(text).split())
    for kind, cues in _ORG_KIND_WORDS:
        if words & cues:
            return kind
    return ActorKind.OTHER


def _non_overlapping(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then strongest source; a token belongs to one candidate."""
    taken: set[int] = set()
    out: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        out.append(c)
    return sorted(out, key=lambda c: c.start)


def _focal_place(ents: ArticleEntities) -> str | None:
    """The settlement the article is about: the most mentioned one.

    A dateline's city is not counted (it says where the reporter files from: "BAKU/YEREVAN", "KYIV,
    Ukraine (AP) -"); a settlement named once is no focus when a region is named more often (the story
    is about "the Nagorno-Karabakh region", not about the city named once in passing).
    """
    counts = Counter(
        {
            k: sum(not _in_dateline(ents.doc, m.start) for m in i.mentions)
            for k, i in ents.entities.items()
            if i.is_place and i.kind in (PlaceKind.SETTLEMENT, PlaceKind.OTHER)
        }
    )
    counts = +counts  # only places named outside a dateline
    key, n = counts.most_common(1)[0] if counts else (None, 0)
    if n <= 1:
        regions = Counter(
            {
                k: len(i.mentions)
                for k, i in ents.entities.items()
                if i.is_place and i.kind is PlaceKind.REGION
            }
        )
        if regions and regions.most_common(1)[0][1] > 1:
            return regions.most_common(1)[0][0]
    return key


def _in_dateline(doc: Doc, i: int) -> bool:
    start = doc[i].sent.start
    end = dateline_end(doc, start)
    return end is not None and i < end
