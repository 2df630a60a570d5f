"""A seeded generator of realistic pilots for the search benchmark.

About 300 words of Dutch per pilot (plurals, compounds, some accents), one in
ten written in English, one to three themes each, owners skewed like real
activity (a few large municipalities register most pilots). The same seed
gives the same data, so backends are compared on identical input.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from registry.models.vocab import THEMES, CommonGroundLayer, Phase

NOUNS = [
    ("gemeente", "gemeenten"),
    ("inwoner", "inwoners"),
    ("wijk", "wijken"),
    ("buurt", "buurten"),
    ("fiets", "fietsen"),
    ("fietspad", "fietspaden"),
    ("school", "scholen"),
    ("leerling", "leerlingen"),
    ("jongere", "jongeren"),
    ("oudere", "ouderen"),
    ("mantelzorger", "mantelzorgers"),
    ("woning", "woningen"),
    ("huurder", "huurders"),
    ("ondernemer", "ondernemers"),
    ("winkel", "winkels"),
    ("parkeerplaats", "parkeerplaatsen"),
    ("laadpaal", "laadpalen"),
    ("zonnepaneel", "zonnepanelen"),
    ("warmtepomp", "warmtepompen"),
    ("dak", "daken"),
    ("boom", "bomen"),
    ("straat", "straten"),
    ("container", "containers"),
    ("afvalbak", "afvalbakken"),
    ("melding", "meldingen"),
    ("aanvraag", "aanvragen"),
    ("vergunning", "vergunningen"),
    ("uitkering", "uitkeringen"),
    ("loket", "loketten"),
    ("formulier", "formulieren"),
    ("proces", "processen"),
    ("medewerker", "medewerkers"),
    ("wethouder", "wethouders"),
    ("raadslid", "raadsleden"),
    ("dashboard", "dashboards"),
    ("sensor", "sensoren"),
    ("camera", "camera's"),
    ("algoritme", "algoritmen"),
    ("chatbot", "chatbots"),
    ("app", "apps"),
    ("gegevensbron", "gegevensbronnen"),
    ("koppeling", "koppelingen"),
    ("dienst", "diensten"),
    ("zorgaanbieder", "zorgaanbieders"),
    ("wijkteam", "wijkteams"),
    ("huishouden", "huishoudens"),
    ("schuld", "schulden"),
    ("energierekening", "energierekeningen"),
    ("subsidie", "subsidies"),
    ("evaluatie", "evaluaties"),
    ("resultaat", "resultaten"),
    ("pilot", "pilots"),
    ("partner", "partners"),
    ("provincie", "provincies"),
    ("regio", "regio's"),
    ("bibliotheek", "bibliotheken"),
    ("sportvereniging", "sportverenigingen"),
    ("speeltuin", "speeltuinen"),
    ("bushalte", "bushaltes"),
    ("deelauto", "deelauto's"),
    ("idee", "ideeën"),
    ("coöperatie", "coöperaties"),
    ("café", "cafés"),
    ("reünie", "reünies"),
    ("financiering", "financieringen"),
    ("begroting", "begrotingen"),
    ("wachtlijst", "wachtlijsten"),
    ("wachttijd", "wachttijden"),
    ("klacht", "klachten"),
    ("rijbewijs", "rijbewijzen"),
    ("paspoort", "paspoorten"),
    ("afspraak", "afspraken"),
]
ADJECTIVES = [
    "digitale",
    "slimme",
    "nieuwe",
    "lokale",
    "regionale",
    "duurzame",
    "kwetsbare",
    "eenvoudige",
    "betere",
    "snellere",
    "open",
    "veilige",
    "groene",
    "sociale",
    "integrale",
    "geïnteresseerde",
    "gezamenlijke",
    "kleine",
    "grote",
    "bewezen",
    "herbruikbare",
    "privé",
    "financiële",
]
VERBS = [
    "verbetert",
    "versnelt",
    "ondersteunt",
    "verbindt",
    "meet",
    "verlaagt",
    "verhoogt",
    "vereenvoudigt",
    "helpt",
    "organiseert",
    "registreert",
    "analyseert",
    "voorkomt",
    "deelt",
    "evalueerde",
    "testte",
    "bouwde",
    "ontwikkelde",
    "koppelde",
    "fietsten",
    "werkten",
]
FUNCTION = ["de", "het", "een", "en", "van", "voor", "met", "in", "op", "door", "naar", "bij", "om"]
PLACES = ["Fryslân", "België", "Zuid-Holland", "Drenthe", "de Randstad", "de Achterhoek"]
ENGLISH = [
    "the",
    "municipality",
    "residents",
    "cycling",
    "lanes",
    "digital",
    "service",
    "data",
    "platform",
    "improves",
    "reduces",
    "waiting",
    "times",
    "energy",
    "housing",
    "citizens",
    "open",
    "source",
    "pilot",
    "results",
    "lessons",
    "learned",
    "team",
    "dashboard",
    "sensor",
    "with",
    "and",
    "for",
    "of",
    "to",
    "a",
    "community",
    "support",
    "youth",
    "elderly",
]
# Words planted at fixed low rates, so queries of known selectivity exist.
RARE = [
    "zwerfafvalrobot",
    "blockchainregister",
    "drijvendezonnepark",
    "kwelderherstel",
    "bijenlint",
    "stikstofsensor",
    "hitteplan",
    "gluurbuurt",
]
TAGS = [
    "open-source",
    "ai",
    "data",
    "participatie",
    "iot",
    "api",
    "privacy",
    "toegankelijkheid",
    "circulair",
    "energie",
    "mobiliteit",
    "zorg",
    "jeugd",
    "wonen",
    "klimaat",
    "common-ground",
]


@dataclass
class GeneratedPilot:
    number: int
    title: str
    summary: str
    problem: str
    approach: str
    results: str
    lessons: str
    phase: str
    themes: list[str]
    tags: list[str]
    owner: str
    partners: list[str]
    layer: str | None
    published_at: datetime
    score: float | None
    adopter_count: int
    words: set[str] = field(default_factory=set)


def municipalities(path: Path | None) -> list[tuple[str, str, str]]:
    """(code, name, province) of the municipalities; the real CBS list when available."""
    if path and path.exists():
        with path.open(encoding="utf-8-sig") as handle:
            return [
                (row["GemeentecodeGM"], row["Gemeentenaam"], row["Provincienaam"])
                for row in csv.DictReader(handle)
            ]
    provinces = [
        "Groningen",
        "Fryslân",
        "Drenthe",
        "Overijssel",
        "Gelderland",
        "Utrecht",
        "Noord-Holland",
        "Zuid-Holland",
        "Zeeland",
        "Noord-Brabant",
        "Limburg",
        "Flevoland",
    ]
    return [(f"GM{n:04d}", f"Gemeente {n}", provinces[n % 12]) for n in range(1, 343)]


class Generator:
    def __init__(self, seed: int, orgs: list[tuple[str, str, str]]) -> None:
        self.random = random.Random(seed)
        self.orgs = orgs
        # Zipf-like weights: the 10 most active municipalities register about a third.
        self.org_weights = [1 / (rank + 1) ** 1.1 for rank in range(len(orgs))]
        self.compounds = [
            a[0] + b[0] for a in NOUNS[:30] for b in NOUNS[30:60] if len(a[0] + b[0]) < 22
        ]

    def noun(self) -> str:
        r = self.random
        roll = r.random()
        if roll < 0.15:
            return r.choice(self.compounds)
        singular, plural = r.choice(NOUNS)
        return plural if roll < 0.55 else singular

    def sentence(self, english: bool) -> str:
        r = self.random
        if english:
            words = [r.choice(ENGLISH) for _ in range(r.randint(8, 14))]
        else:
            words = [
                r.choice(FUNCTION),
                r.choice(ADJECTIVES),
                self.noun(),
                r.choice(VERBS),
                r.choice(FUNCTION),
                self.noun(),
            ]
            if r.random() < 0.5:
                words += [r.choice(FUNCTION), r.choice(ADJECTIVES), self.noun()]
            if r.random() < 0.08:
                words += ["in", r.choice(PLACES)]
            if r.random() < 0.05:
                words += ["met", "één", "loket"]
        return " ".join(words).capitalize() + "."

    def paragraph(self, words: int, english: bool) -> str:
        parts: list[str] = []
        count = 0
        while count < words:
            sentence = self.sentence(english)
            parts.append(sentence)
            count += sentence.count(" ") + 1
        return " ".join(parts)

    def pilot(self, number: int) -> GeneratedPilot:
        r = self.random
        english = r.random() < 0.10
        owner_index = r.choices(range(len(self.orgs)), weights=self.org_weights)[0]
        owner = self.orgs[owner_index][0]
        partners = sorted(
            {self.orgs[i][0] for i in r.sample(range(len(self.orgs)), r.choice([0, 0, 1, 2]))}
            - {owner}
        )
        texts = [self.paragraph(n, english) for n in (90, 90, 70, 50)]
        for rare in RARE:
            if r.random() < 0.002:
                texts[r.randrange(4)] += f" Met een {rare} als proef."
        title_noun = self.noun()
        title = (
            f"{r.choice(ADJECTIVES).capitalize()} {title_noun} voor {self.noun()}"
            if not english
            else f"{r.choice(ENGLISH).capitalize()} {r.choice(ENGLISH)} {r.choice(ENGLISH)}"
        )
        summary = self.paragraph(25, english)[:295]
        return GeneratedPilot(
            number=number,
            title=title[:200],
            summary=summary,
            problem=texts[0],
            approach=texts[1],
            results=texts[2],
            lessons=texts[3],
            phase=r.choice(list(Phase)).value,
            themes=r.sample(THEMES, r.choice([1, 1, 2, 2, 3])),
            tags=r.sample(TAGS, r.randint(0, 4)),
            owner=owner,
            partners=partners,
            layer=r.choice([None, *[layer.value for layer in CommonGroundLayer]]),
            published_at=datetime(2020, 1, 1, tzinfo=UTC)
            + timedelta(minutes=r.randrange(3_000_000)),
            score=round(r.uniform(1.5, 4.8), 2) if r.random() < 0.6 else None,
            adopter_count=int(r.paretovariate(2.0)) - 1,
        )

    def pilots(self, n: int) -> Iterator[GeneratedPilot]:
        for number in range(1, n + 1):
            yield self.pilot(number)
