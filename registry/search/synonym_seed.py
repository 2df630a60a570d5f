"""The synonyms a new installation starts with; curators edit them at /curation/synonyms.

The migration that creates the table inserts these (a copy of this list, as
migrations never import the application).
"""

SEED: tuple[tuple[str, ...], ...] = (
    ("Wmo", "Wet maatschappelijke ondersteuning"),
    ("Jeugdwet", "Jeugdzorg"),
    ("Omgevingswet", "Ow", "DSO", "Digitaal Stelsel Omgevingswet"),
    ("BRP", "Basisregistratie Personen", "GBA"),
    ("Woo", "Wet open overheid", "Wob", "Wet openbaarheid van bestuur"),
    ("Participatiewet", "Pw", "bijstand"),
    ("BAG", "Basisregistratie Adressen en Gebouwen"),
    ("AVG", "Algemene verordening gegevensbescherming", "GDPR"),
    ("KCC", "Klantcontactcentrum"),
    ("AI", "kunstmatige intelligentie", "artificial intelligence"),
)
