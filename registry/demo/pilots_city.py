"""Demo pilots about mobility, permits, safety, housing, energy and the local economy."""

from __future__ import annotations

from datetime import date

from registry.demo.records import DemoIndicator as Indicator
from registry.demo.records import DemoPilot as Pilot
from registry.demo.records import md
from registry.models.vocab import CommonGroundLayer as Layer
from registry.models.vocab import Phase

PILOTS: tuple[Pilot, ...] = (
    Pilot(
        slug="fietsparkeren-sensoren-utrecht",
        title="Vrije plekken in fietsenstallingen live zichtbaar",
        owner="GM0344",
        partners=("GM0546", "GM0268"),
        summary=(
            "Sensoren tellen de vrije plekken in bewaakte fietsenstallingen en op drukke "
            "fietsparkeerplaatsen. Fietsers zien op borden en in apps waar nog plek is."
        ),
        phase=Phase.RUNNING,
        themes=("traffic_mobility",),
        layer=Layer.DATA_SOURCES,
        tags=("fietsparkeren", "sensoren", "open data", "mobiliteit"),
        start=date(2024, 3, 1),
        registered=date(2024, 2, 19),
        budget=350_000,
        funding="Eigen middelen en bijdrage ministerie van IenW",
        licence="CC0-1.0",
        problem=md("""
            Rond het station zoeken fietsers gemiddeld zeven minuten naar een plek, terwijl
            er in een stalling verderop honderden plekken vrij zijn. Foutgeparkeerde fietsen
            blokkeren stoepen en nooduitgangen.
        """),
        approach=md("""
            In twaalf stallingen meten sensoren per rek of er een fiets staat. De
            bezettingsgraad is als open data beschikbaar in de landelijke standaard voor
            fietsparkeerdata, zodat routeplanners hem kunnen tonen. Leiden en Nijmegen
            gebruiken dezelfde standaard voor hun stallingen.
        """),
        results=md("""
            De zoektijd daalde in de eerste maanden naar vier minuten. De minder bekende
            stallingen worden 20 procent vaker gebruikt.
        """),
        indicators=(
            Indicator("Gemiddelde zoektijd naar een plek", "minuten", 7, 3, 4),
            Indicator("Bezetting minder bekende stallingen", "procent", 45, 70, 54),
        ),
    ),
    Pilot(
        slug="mobiliteitshubs-eindhoven",
        title="Buurthubs met deelauto's, deelfietsen en laadpunten",
        owner="GM0772",
        partners=("GM0855",),
        summary=(
            "In vier nieuwbouwwijken komen mobiliteitshubs met elektrische deelauto's, "
            "bakfietsen en laadpunten, zodat bewoners zonder eigen (tweede) auto kunnen en er "
            "minder parkeerplaatsen nodig zijn."
        ),
        phase=Phase.RUNNING,
        themes=("traffic_mobility", "energy_climate"),
        tags=("deelmobiliteit", "parkeernormen", "nieuwbouw"),
        start=date(2025, 1, 1),
        registered=date(2024, 11, 18),
        budget=600_000,
        funding="Eigen middelen en bijdragen ontwikkelaars",
        problem=md("""
            Eindhoven bouwt tienduizenden woningen, maar er is geen ruimte voor twee auto's per
            huishouden. Lagere parkeernormen werken alleen als bewoners een goed alternatief
            hebben.
        """),
        approach=md("""
            Ontwikkelaars mogen minder parkeerplaatsen aanleggen als ze bijdragen aan een
            hub. Een aanbieder beheert de deelvoertuigen; bewoners krijgen het eerste jaar een
            tegoed van 100 euro.
        """),
        results=md("""
            Na tien maanden heeft 31 procent van de huishoudens in de eerste wijk een account.
            Gemiddeld staat een deelauto 4,2 uur per dag verhuurd.
        """),
        indicators=(
            Indicator("Huishoudens met een account", "procent", 0, 40, 31),
            Indicator("Auto's per huishouden", "aantal", 1.1, 0.7),
        ),
    ),
    Pilot(
        slug="drones-inspectie-kademuren",
        title="Drones voor de inspectie van kademuren en bruggen",
        owner="GM0599",
        partners=("GM0363",),
        summary=(
            "Drones met camera's en een laserscanner inspecteren kademuren en bruggen. "
            "Inspecteurs zien scheuren en verzakkingen eerder, zonder steigers of "
            "afsluitingen."
        ),
        phase=Phase.RUNNING,
        themes=("traffic_mobility", "safety_permits"),
        tags=("drones", "inspectie", "infrastructuur", "beheer openbare ruimte"),
        start=date(2025, 4, 1),
        registered=date(2025, 3, 17),
        budget=230_000,
        funding="Eigen middelen",
        problem=md("""
            Rotterdam beheert honderden kilometers kademuur en ruim 1.000 bruggen. Een
            inspectie vanaf het water of met een hoogwerker is duur en vraagt vaak een
            afsluiting.
        """),
        approach=md("""
            Een gecertificeerde dronepiloot vliegt vaste routes; software vergelijkt de
            beelden met eerdere vluchten. Vliegen gebeurt alleen na toestemming van de
            Inspectie Leefomgeving en Transport, en beelden van mensen worden automatisch
            onherkenbaar gemaakt.
        """),
        results=md("""
            Eerste resultaten: een kademuur inspecteren kost per 100 meter 60 procent minder
            tijd. Twee beginnende verzakkingen zijn eerder ontdekt dan bij de vorige
            handmatige inspectie.
        """),
        indicators=(
            Indicator("Inspectietijd per 100 meter kade", "uren", 6, 3, 2.4),
            Indicator("Afsluitingen voor inspecties", "per jaar", 85, 20),
        ),
    ),
    Pilot(
        slug="omgevingswet-vergunningcheck-denhaag",
        title="Vergunningcheck voor verbouwingen onder de Omgevingswet",
        owner="GM0518",
        partners=("GM0546", "vng"),
        summary=(
            "Een vergunningcheck in gewone taal vertelt inwoners in een paar minuten of ze "
            "voor een dakkapel, schutting of uitbouw een vergunning nodig hebben, inclusief "
            "de regels uit het omgevingsplan."
        ),
        phase=Phase.RUNNING,
        themes=("safety_permits", "housing_living_environment"),
        layer=Layer.INTERACTION,
        tags=("omgevingswet", "vergunningen", "dso", "toepasbare regels"),
        start=date(2024, 1, 1),
        registered=date(2023, 12, 4),
        budget=190_000,
        funding="Eigen middelen",
        documentation="https://www.denhaag.nl",
        problem=md("""
            Sinds de Omgevingswet is de vergunningcheck in het landelijke Omgevingsloket voor
            veel inwoners lastig te begrijpen. Het aantal telefoontjes met vragen over
            vergunningvrij bouwen verdubbelde.
        """),
        approach=md("""
            We schreven de toepasbare regels voor de twaalf meest gestelde bouwvragen opnieuw,
            in gewone taal en met tekeningen. De check is gekoppeld aan het Digitaal Stelsel
            Omgevingswet, zodat de uitkomst klopt met het omgevingsplan.

            - Eerst de vragen die het vaakst een *nee* opleveren, zodat de meeste inwoners
              snel klaar zijn.
            - Aan het eind een samenvatting die inwoners kunnen bewaren.
        """),
        results=md("""
            De check wordt 5.000 keer per maand doorlopen. Telefoontjes over vergunningvrij
            bouwen daalden met 35 procent. Het aantal onvolledige aanvragen nam af.
        """),
        indicators=(
            Indicator("Telefoontjes over vergunningvrij bouwen", "per maand", 1700, 900, 1100),
            Indicator("Onvolledige vergunningaanvragen", "procent", 42, 20, 29),
        ),
    ),
    Pilot(
        slug="evenementenvergunning-een-loket",
        title="Eén loket voor evenementen",
        owner="GM0518",
        partners=("GM0599", "GM0363"),
        summary=(
            "Organisatoren vragen alle vergunningen en ontheffingen voor een evenement met één "
            "formulier aan. Gemeente, politie, brandweer en GGD beoordelen de aanvraag in "
            "hetzelfde dossier."
        ),
        phase=Phase.COMPLETED,
        themes=("safety_permits", "sport_culture_recreation"),
        layer=Layer.PROCESS,
        tags=("evenementen", "vergunningen", "ketensamenwerking"),
        start=date(2023, 5, 1),
        end=date(2024, 9, 30),
        registered=date(2023, 4, 24),
        budget=160_000,
        funding="Eigen middelen",
        problem=md("""
            Voor een gemiddeld buurtfestival waren zes aanvragen nodig: een
            evenementenvergunning, een ontheffing voor geluid, een drank- en horecaontheffing,
            een verkeersbesluit en meldingen aan brandweer en GGD. Organisatoren raakten het
            overzicht kwijt.
        """),
        approach=md("""
            Eén formulier stelt alleen de vragen die voor het soort evenement nodig zijn. De
            aanvraag wordt een zaak waarin alle adviseurs tegelijk werken. Rotterdam en
            Amsterdam leverden hun adviesformats aan, zodat die gelijk zijn.
        """),
        results=md("""
            - De gemiddelde doorlooptijd voor kleine evenementen daalde van 8 naar 3 weken.
            - Organisatoren gaven het loket een 7,8 (was 5,6).
        """),
        lessons=md("""
            De grootste winst zat niet in het formulier, maar in de afspraken met de
            adviseurs over termijnen. Leg die vast in een convenant.
        """),
        indicators=(
            Indicator("Doorlooptijd klein evenement", "weken", 8, 4, 3),
            Indicator("Tevredenheid organisatoren", "cijfer", 5.6, 7.5, 7.8),
        ),
    ),
    Pilot(
        slug="ondermijning-bedrijventerreinen",
        title="Ondermijning op bedrijventerreinen eerder signaleren",
        owner="GM0995",
        partners=("GM0034",),
        summary=(
            "Ondernemers, handhavers en de politie delen signalen over verdachte activiteiten "
            "op bedrijventerreinen in een gezamenlijk meldpunt, met een vaste werkwijze voor "
            "de opvolging."
        ),
        phase=Phase.IDEA,
        themes=("safety_permits", "economy"),
        tags=("ondermijning", "veiligheid", "bedrijventerreinen"),
        registered=date(2026, 9, 29),
        draft=True,
        problem=md("""
            Op afgelegen bedrijventerreinen worden panden gebruikt voor drugsopslag en
            illegale activiteiten. Ondernemers zien signalen, maar weten niet waar ze die
            veilig kunnen melden.
        """),
        approach=md("""
            We willen samen met Almere en de ondernemersvereniging een meldpunt inrichten en
            afspraken maken over wat er met een melding gebeurt. Eerst verkennen we wat
            juridisch mag bij het delen van signalen.
        """),
    ),
    Pilot(
        slug="signalen-meldingen-openbare-ruimte",
        title="Signalen: meldingen openbare ruimte slim verdelen",
        owner="GM0363",
        partners=("GM0392", "GM0193", "vng"),
        summary=(
            "Een open-source systeem voor meldingen over de openbare ruimte, zoals losliggende "
            "stoeptegels en zwerfafval. Meldingen gaan automatisch naar het juiste team en de "
            "melder ziet de voortgang."
        ),
        phase=Phase.COMPLETED,
        themes=("housing_living_environment", "governance_services"),
        layer=Layer.SERVICES,
        tags=("meldingen openbare ruimte", "open source", "common ground"),
        start=date(2023, 1, 1),
        end=date(2024, 12, 31),
        registered=date(2023, 1, 5),
        budget=450_000,
        funding="Eigen middelen en bijdragen deelnemende gemeenten",
        website="https://signalen.org",
        repository="https://github.com/Signalen",
        licence="MPL-2.0",
        problem=md("""
            Meldingen kwamen binnen via telefoon, app, e-mail en sociale media en werden
            handmatig doorgezet naar de juiste afdeling. Een melding was gemiddeld twee dagen
            onderweg voordat iemand ermee aan de slag ging.
        """),
        approach=md("""
            Een classificatiemodel stelt op basis van de tekst van de melding de categorie
            voor; een medewerker controleert de twijfelgevallen. Het systeem is open source
            en wordt samen met andere gemeenten doorontwikkeld. Haarlem en Zwolle draaiden
            mee in de pilot.
        """),
        results=md("""
            - 86 procent van de meldingen wordt automatisch goed ingedeeld.
            - De tijd tot de eerste behandeling daalde van twee dagen naar vier uur.
            - Inmiddels gebruiken meer gemeenten Signalen en delen zij de beheerkosten.
        """),
        lessons=md("""
            Gezamenlijk beheer vraagt om een duidelijke governance: wie beslist over nieuwe
            functies, en wie betaalt? Regel dat voordat de tweede gemeente aansluit, niet
            daarna.
        """),
        indicators=(
            Indicator("Automatisch juist ingedeelde meldingen", "procent", 0, 80, 86),
            Indicator("Tijd tot eerste behandeling", "uren", 48, 8, 4),
        ),
    ),
    Pilot(
        slug="digitale-tweeling-almere",
        title="Digitale tweeling van de stad voor ruimtelijke plannen",
        owner="GM0034",
        partners=("GM0995", "GM0344"),
        summary=(
            "Een 3D-model van Almere met gegevens over gebouwen, bomen, verkeer en "
            "ondergrond laat raad en inwoners zien wat een bouwplan doet met zon, wind en "
            "uitzicht."
        ),
        phase=Phase.RUNNING,
        themes=("housing_living_environment", "operations_ict"),
        layer=Layer.DATA_SOURCES,
        tags=("digitale tweeling", "3d", "ruimtelijke ordening", "participatie"),
        start=date(2024, 6, 1),
        registered=date(2024, 5, 27),
        budget=520_000,
        funding="Eigen middelen en Regio Deal",
        licence="EUPL-1.2",
        problem=md("""
            Bij participatie over bouwplannen begrepen inwoners de tekeningen slecht en
            ontstond discussie over schaduw en uitzicht op basis van aannames.
        """),
        approach=md("""
            Het 3D-model is opgebouwd uit de basisregistraties BAG en BGT, aangevuld met
            gemeentelijke gegevens over bomen en riolering. Bij twee bouwprojecten gebruiken
            we het model op informatieavonden.
        """),
        results=md("""
            Bij het eerste project kwamen 40 procent minder zienswijzen binnen over schaduw
            en bezonning dan bij vergelijkbare projecten.
        """),
        indicators=(
            Indicator("Zienswijzen over schaduw en bezonning", "aantal", 60, 40, 36),
            Indicator("Gekoppelde gegevensbronnen", "aantal", 2, 8, 6),
        ),
    ),
    Pilot(
        slug="warmtenet-buurtaanpak-nijmegen",
        title="Buurtaanpak voor een aardgasvrij warmtenet",
        owner="GM0268",
        summary=(
            "Bewoners van een jarenzeventigwijk bepalen samen met de gemeente, de corporatie en "
            "het warmtebedrijf hoe hun buurt van het aardgas af gaat, inclusief de kosten per "
            "huishouden."
        ),
        phase=Phase.PREPARATION,
        themes=("energy_climate", "housing_living_environment"),
        tags=("warmtetransitie", "aardgasvrij", "participatie", "warmtenet"),
        start=date(2025, 9, 1),
        registered=date(2025, 8, 18),
        budget=380_000,
        funding="Programma Aardgasvrije Wijken",
        problem=md("""
            In eerdere wijken haakten veel eigenaar-bewoners af omdat ze niet wisten wat de
            overstap hen zou kosten en of ze mochten kiezen.
        """),
        approach=md("""
            Een bewonersteam van vijftien mensen rekent met onafhankelijke adviseurs drie
            scenario's door. Elke eigenaar krijgt een persoonlijk overzicht van kosten en
            besparing. Het besluit over het warmtenet valt pas als 70 procent van de
            huishoudens mee wil doen.
        """),
        indicators=(
            Indicator("Huishoudens die willen aansluiten", "procent", 0, 70),
            Indicator("Bezoekers bewonersavonden", "aantal", None, 400),
        ),
    ),
    Pilot(
        slug="energiecoaches-meppel",
        title="Energiecoaches aan huis",
        owner="GM0119",
        partners=("GM0193", "GM0014"),
        summary=(
            "Getrainde vrijwilligers bezoeken huishoudens met een laag inkomen, geven "
            "energiebesparend advies en brengen meteen kleine maatregelen aan, zoals "
            "radiatorfolie en tochtstrips."
        ),
        phase=Phase.COMPLETED,
        themes=("energy_climate", "social_domain"),
        tags=("energiearmoede", "vrijwilligers", "isolatie"),
        start=date(2023, 1, 15),
        end=date(2024, 6, 30),
        registered=date(2023, 1, 12),
        budget=95_000,
        funding="Specifieke uitkering energiearmoede",
        documentation="https://www.meppel.nl",
        licence="CC-BY-4.0",
        problem=md("""
            Door de gestegen energieprijzen kwamen veel huishoudens in Meppel in de
            problemen. Wie het het hardst nodig had, reageerde niet op folders of
            subsidieregelingen.
        """),
        approach=md("""
            Vijfentwintig vrijwilligers kregen een training van het Energieloket. Via de
            voedselbank, de corporatie en de wijkteams zijn huishoudens persoonlijk
            uitgenodigd. Een bezoek duurt anderhalf uur:

            1. samen de energierekening en het verbruik doornemen;
            2. kleine maatregelen direct aanbrengen;
            3. waar nodig een warme overdracht naar schuldhulp of de corporatie.

            Zwolle en Groningen gebruikten de training en de materialen ook.
        """),
        results=md("""
            De coaches bezochten 640 huishoudens. Het gasverbruik van de deelnemers daalde
            gemiddeld met 11 procent, ongeveer 230 euro per jaar. Bij 70 huishoudens volgde
            een verwijzing naar schuldhulp.
        """),
        lessons=md("""
            Vertrouwen is alles: een bekende vrijwilliger uit de buurt komt binnen waar de
            gemeente dat niet doet. Houd het aanbod laagdrempelig en stel geen
            inkomensbewijs als voorwaarde. De handreiking met trainingsmateriaal is vrij te
            hergebruiken.
        """),
        indicators=(
            Indicator("Bezochte huishoudens", "aantal", 0, 500, 640),
            Indicator("Besparing gasverbruik", "procent", 0, 8, 11),
            Indicator("Doorverwijzingen naar schuldhulp", "aantal", None, None, 70),
        ),
    ),
    Pilot(
        slug="laadpalen-op-aanvraag-arnhem",
        title="Laadpalen op aanvraag en op basis van data",
        owner="GM0202",
        partners=("GM0268", "GM0200"),
        summary=(
            "Publieke laadpalen komen niet meer alleen op aanvraag van een bewoner, maar ook "
            "waar een datamodel verwacht dat de vraag snel groeit. Zo blijven laadpalen "
            "beschikbaar."
        ),
        phase=Phase.COMPLETED,
        themes=("energy_climate", "traffic_mobility"),
        tags=("laadinfrastructuur", "elektrisch rijden", "data"),
        start=date(2023, 4, 1),
        end=date(2025, 3, 31),
        registered=date(2023, 3, 28),
        budget=120_000,
        funding="Eigen middelen",
        problem=md("""
            Bewoners met een elektrische auto wachtten gemiddeld veertien weken op een laadpaal
            in hun straat. Tegelijk stonden sommige nieuwe palen bijna leeg.
        """),
        approach=md("""
            Een prognosemodel op basis van kentekengegevens, laadsessies en
            nieuwbouwplannen wijst per buurt aan waar de komende twee jaar palen nodig zijn.
            Netbeheerder Liander was vanaf het begin betrokken, zodat de netcapaciteit werd
            meegenomen.
        """),
        results=md("""
            De wachttijd voor een laadpaal daalde naar vijf weken en de gemiddelde bezetting
            van nieuwe palen steeg van 18 naar 31 procent.
        """),
        lessons=md("""
            Netcongestie is de bottleneck, niet de vergunning. Deel de prognose vroeg met de
            netbeheerder. Nijmegen en Apeldoorn gebruiken het model nu ook.
        """),
        indicators=(
            Indicator("Wachttijd voor een laadpaal", "weken", 14, 6, 5),
            Indicator("Bezetting nieuwe laadpalen", "procent", 18, 30, 31),
        ),
    ),
    Pilot(
        slug="zonnedaken-huurders-almere",
        title="Zonnepanelen op daken van huurwoningen via een energiecoöperatie",
        owner="GM0034",
        summary=(
            "Een energiecoöperatie zou zonnepanelen leggen op daken van corporatiewoningen, "
            "met de opbrengst voor de huurders. Gestopt omdat eigendom, verzekering en "
            "salderen niet rond te krijgen waren."
        ),
        phase=Phase.STOPPED,
        themes=("energy_climate", "housing_living_environment"),
        tags=("zonne-energie", "huurders", "energiecoöperatie"),
        start=date(2024, 1, 1),
        end=date(2025, 5, 31),
        registered=date(2023, 12, 11),
        budget=60_000,
        funding="Eigen middelen (voorbereidingskosten)",
        problem=md("""
            Huurders profiteren weinig van de energietransitie: ze kunnen zelf geen panelen
            leggen en betalen verhoudingsgewijs veel voor energie.
        """),
        approach=md("""
            De gemeente bracht de corporatie en een lokale energiecoöperatie samen en betaalde
            juridisch en financieel advies. Op 300 woningen zouden panelen komen.
        """),
        results=md("""
            Na anderhalf jaar lag er geen overeenkomst. De corporatie wilde geen panelen van
            derden op haar daken vanwege aansprakelijkheid en onderhoud. Door het afbouwen
            van de salderingsregeling viel bovendien de businesscase weg.
        """),
        lessons=md("""
            - Leg de eigendomsvraag en de verzekering vast **voordat** er iets wordt ontworpen.
            - Een model waarin de corporatie zelf de panelen legt en de huurverhoging lager is
              dan de besparing, blijkt eenvoudiger. De corporatie werkt dat nu zelf uit.
            - Reken scenario's door zonder salderen; dat had ons een jaar gescheeld.
        """),
        indicators=(Indicator("Woningen met zonnepanelen", "aantal", 0, 300, 0),),
    ),
    Pilot(
        slug="slimme-regentonnen-zwolle",
        title="Slimme regentonnen tegen wateroverlast",
        owner="GM0193",
        summary=(
            "Regentonnen die zichzelf leeg laten lopen voordat een hoosbui valt, gestuurd op "
            "de weersverwachting. Zo vangen ze regen op als het riool het zwaarst belast is."
        ),
        phase=Phase.IDEA,
        themes=("energy_climate", "public_health_environment"),
        tags=("klimaatadaptatie", "water", "iot"),
        registered=date(2026, 6, 15),
        problem=md("""
            Bij hoosbuien loopt het riool in oudere wijken over en lopen kelders onder.
            Gewone regentonnen zijn dan vaak al vol.
        """),
        approach=md("""
            We zoeken twee gemeenten en het waterschap om samen honderd tonnen te testen in
            één wijk. Eerst willen we weten of bewoners meedoen als de ton af en toe vanzelf
            leegloopt.
        """),
        indicators=(Indicator("Opgevangen regenwater bij een hoosbui", "m³", 0, 20),),
    ),
    Pilot(
        slug="ondernemersloket-breda",
        title="Eén vast aanspreekpunt voor ondernemers",
        owner="GM0758",
        partners=("GM0855",),
        summary=(
            "Elke ondernemer die zich vestigt of uitbreidt, krijgt één accountmanager die alle "
            "vergunningen, subsidies en contacten binnen de gemeente coördineert."
        ),
        phase=Phase.RUNNING,
        themes=("economy",),
        tags=("ondernemers", "dienstverlening", "vestiging"),
        start=date(2025, 2, 1),
        registered=date(2025, 1, 20),
        budget=150_000,
        funding="Eigen middelen",
        problem=md("""
            Ondernemers hadden gemiddeld met vijf afdelingen te maken bij een vestiging. Ze
            kregen tegenstrijdige informatie en wisten niet wie verantwoordelijk was.
        """),
        approach=md("""
            Vier accountmanagers hebben elk een branche. Zij zitten bij het eerste gesprek met
            de ondernemer en bewaken de termijnen. Tilburg volgt de aanpak om hem te kunnen
            vergelijken met het eigen ondernemersloket.
        """),
        results=md("""
            Ondernemers waarderen de dienstverlening met een 7,9 (was 6,2). De doorlooptijd
            van vestigingsdossiers is met een derde gedaald.
        """),
        indicators=(
            Indicator("Tevredenheid ondernemers", "cijfer", 6.2, 7.5, 7.9),
            Indicator("Doorlooptijd vestigingsdossier", "weken", 15, 10, 10),
        ),
    ),
    Pilot(
        slug="leegstand-binnenstad-leeuwarden",
        title="Leegstand in de binnenstad voorspellen en voorkomen",
        owner="GM0080",
        summary=(
            "Met gegevens over huurcontracten, passanten en omzet brengen we in kaart welke "
            "winkelpanden leeg dreigen te komen, om eigenaren en ondernemers eerder te "
            "benaderen."
        ),
        phase=Phase.PREPARATION,
        themes=("economy", "housing_living_environment"),
        tags=("binnenstad", "leegstand", "retail", "data"),
        start=date(2026, 3, 1),
        registered=date(2026, 1, 26),
        budget=80_000,
        funding="Eigen middelen en bijdrage provincie Fryslân",
        problem=md("""
            De leegstand in de binnenstad steeg naar 14 procent. De gemeente hoorde vaak pas
            van een vertrek als het pand al leeg stond.
        """),
        approach=md("""
            We maken afspraken met de vastgoedeigenaren over het delen van het einde van
            huurcontracten en combineren die met passantentellingen. Een
            binnenstadsmanager benadert eigenaren een jaar voordat een contract afloopt.
        """),
        indicators=(Indicator("Leegstand in de binnenstad", "procent", 14, 9),),
    ),
    Pilot(
        slug="euregio-grensloket-maastricht",
        title="Grensloket voor inwoners die over de grens werken",
        owner="GM0935",
        partners=("vng",),
        summary=(
            "Een digitaal loket beantwoordt vragen van inwoners die in België of Duitsland "
            "werken over belastingen, zorgverzekering en uitkeringen, samen met de "
            "buurgemeenten over de grens."
        ),
        phase=Phase.IDEA,
        themes=("economy", "governance_services"),
        tags=("grensarbeid", "euregio", "dienstverlening"),
        registered=date(2026, 10, 5),
        problem=md("""
            Duizenden inwoners van Zuid-Limburg werken over de grens. Bij vragen worden ze
            van het ene naar het andere loket gestuurd, in drie landen.
        """),
        approach=md("""
            Het idee is een gezamenlijk digitaal loket met een kennisbank en een
            terugbelservice. We zoeken gemeenten in andere grensregio's die willen meedenken.
        """),
    ),
)
