"""Clause-level helpers over the dependency parse: subjects, objects, negation and modality."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.entities import ArticleEntities

MODALS = frozenset(["could", "would", "may", "might", "will", "shall", "should", "can", "'ll", "wo"])
IRREALIS_HEADS = frozenset(
    [
        "threaten",
        "vow",
        "plan",
        "want",
        "seek",
        "intend",
        "prepare",
        "aim",
        "expect",
        "fear",
        "warn",
        "deny",
        "hope",
        "try",
        "attempt",
        "refuse",
        "prevent",
        "avoid",
        "consider",
        "propose",
        "urge",
        "call",
        "demand",
        "promise",
        "pledge",
        "mull",
    ]
)
"""Verbs under which an event has not (yet) happened: "threatened to launch an offensive"."""
REALIS_HEADS = frozenset(
    ["manage", "succeed", "continue", "begin", "start", "proceed", "go", "use", "employ"]
)
"""Verbs whose infinitive did happen: "managed to enter the town", "used warplanes to bombard it"."""
CONDITIONAL_MARKS = frozenset(["if", "unless", "whether", "lest"])
RELATIVE_PRONOUNS = frozenset(["which", "who", "that", "whom"])
PRONOUNS = frozenset(["he", "she", "it", "they", "his", "her", "its", "their", "him", "them"])


def is_irrealis(token: Token) -> bool:
    """True when the event at `token` is negated, hypothetical, conditional, future or only intended."""
    t: Token | None = token
    depth = 0
    while t is not None and depth < 6:
        for child in t.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ == "aux" and child.lower_ in MODALS:
                return True
            if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
                return True
            if child.dep_ == "aux" and child.tag_ == "TO" and t.head.lemma_ not in REALIS_HEADS:
                return True  # "an offensive to recapture the town": intended, not done
        if t.dep_ in ("xcomp", "ccomp", "acl", "advcl", "pcomp") and t.head.lemma_ in IRREALIS_HEADS:
            return True
        if (
            t.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr")
            and t.pos_ == "NOUN"
            or t.dep_ in ("xcomp", "conj", "prep", "pcomp", "acl", "dobj", "relcl")
            and t.head is not t
        ):
            t = t.head
        else:
            break
        depth += 1
    return False


def subjects(verb: Token) -> list[Token]:
    """The subject tokens of a verb, following relative clauses, participles and controlled clauses."""
    seen: set[int] = set()
    t: Token | None = verb
    while t is not None and t.i not in seen:
        seen.add(t.i)
        subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
        if subj:
            # two subjects come from a dateline run into the sentence: the one next to the verb acts
            before = [c for c in subj if c.i < t.i]
            s = before[-1] if len(subj) > 1 and before else subj[0]
            if s.lower_ in RELATIVE_PRONOUNS and t.dep_ == "relcl":
                return [t.head]
            return [s]
        if t.dep_ == "pcomp" and t.head.lower_ in ("of", "for"):
            # "accused X of backing Y", "blamed X for shelling Y": the object does the deed
            governor = t.head.head
            controller = [c for c in governor.children if c.dep_ in ("dobj", "obj")]
            if governor.dep_ in ("dobj", "obj"):  # "of" hung on the object itself
                controller = [governor]
            if not controller:  # "X was accused of arming Y"
                controller = [c for c in governor.children if c.dep_ == "nsubjpass"]
            if controller:
                return controller[:1]
        if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            possessors = [c for c in t.head.children if c.dep_ == "poss"]
            return possessors or [t.head]
        if t.dep_ in ("xcomp", "conj", "advcl", "pcomp", "relcl") or (
            t.dep_ == "prep" and t.head.pos_ == "VERB"
        ):
            t = t.head
            continue
        break
    return []


def passive_agents(verb: Token) -> list[Token]:
    """The `by` objects of a passive verb ("was struck by Russian jets")."""
    out: list[Token] = []
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and verb.tag_ == "VBN"):
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl")
    )


def objects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("dobj", "obj")]


def prep_objects(token: Token, preps: frozenset[str] | set[str]) -> Iterator[tuple[str, Token]]:
    """(preposition, object) pairs under `token` for the given prepositions, including "out of"."""
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield child.lower_, pobj
                elif pobj.dep_ == "prep":
                    for inner in pobj.children:
                        if inner.dep_ == "pobj":
                            yield child.lower_, inner
        if child.dep_ == "prt" and child.lower_ in ("out", "off", "back"):
            for sub in child.children:
                if sub.dep_ == "prep":
                    for pobj in sub.children:
                        if pobj.dep_ == "pobj":
                            yield "from", pobj


def resolve_pronoun(token: Token, ents: ArticleEntities, person: bool | None = None) -> str | None:
    """The most recent actor mentioned before a pronoun (a person for he/she/his/her).

    "They" opening a sentence as its subject goes on with the subject of the sentence before: when
    that subject is a party described but not named ("a separate force that holds X ... They
    reached Y"), the pronoun names no known actor rather than the last one named.
    """
    want_person = token.lower_ in ("he", "she", "his", "her", "him") if person is None else person
    if token.lower_ == "they" and token.dep_ == "nsubj" and token.i == token.sent.start and token.i > 0:
        before = token.doc[token.i - 1].sent.root
        subject = next((c for c in before.children if c.dep_ == "nsubj"), None)
        if (
            subject is not None
            and subject.tag_ in ("NN", "NNS")
            and ents.actor_at(subject) is None
            and any(c.dep_ == "relcl" for c in subject.children)
        ):
            return None
    for i in range(token.i - 1, max(-1, token.i - 120), -1):
        m = ents.mention_at(i)
        if m is None or m.is_place:
            continue
        is_person = ents.kind_of(m.key) is not None and ents.kind_of(m.key).value == "Person"  # type: ignore[union-attr]
        if is_person == want_person:
            return m.key
    return None


def actors_for(token: Token, ents: ArticleEntities) -> list[str]:
    """Actors a noun phrase names, resolving pronouns and relative pronouns."""
    if token.lower_ in PRONOUNS:
        key = resolve_pronoun(token, ents)
        return [key] if key else []
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        antecedent = token.head.head
        for _ in range(3):  # "the Houthis in neighbouring Yemen, which ...": the actor, not the place
            found = ents.actors_of(antecedent)
            if found or ents.place_at(antecedent) is None or antecedent.head is antecedent:
                return found
            antecedent = antecedent.head.head if antecedent.head.dep_ == "prep" else antecedent.head
        return ents.actors_of(antecedent)
    return ents.actors_of(token)


def clause_span(token: Token) -> Span:
    """The sentence holding the token (the unit evidence is quoted in)."""
    return token.sent
