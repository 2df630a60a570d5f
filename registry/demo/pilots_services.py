"""Demo pilots about services, civil affairs, taxes and the municipal organisation itself."""

from __future__ import annotations

from datetime import date

from registry.demo.records import DemoIndicator as Indicator
from registry.demo.records import DemoPilot as Pilot
from registry.demo.records import md
from registry.models.vocab import CommonGroundLayer as Layer
from registry.models.vocab import Phase

PILOTS: tuple[Pilot, ...] = (
    Pilot(
        slug="wmo-chatbot-utrecht",
        title="Chatbot voor Wmo-vragen",
        owner="GM0344",
        partners=("GM0268", "vng"),
        summary=(
            "Een chatbot op de website beantwoordt veelgestelde vragen over de Wmo, zoals "
            "huishoudelijke hulp en een scootmobiel aanvragen, en verwijst bij twijfel direct "
            "door naar een medewerker van het Wmo-loket."
        ),
        phase=Phase.COMPLETED,
        themes=("social_domain", "governance_services"),
        layer=Layer.INTERACTION,
        tags=("chatbot", "wmo", "klantcontact"),
        start=date(2023, 3, 1),
        end=date(2024, 6, 30),
        registered=date(2023, 2, 14),
        budget=185_000,
        funding="Eigen middelen en Innovatiebudget Digitale Overheid",
        website="https://www.utrecht.nl",
        licence="EUPL-1.2",
        problem=md("""
            Het Wmo-loket kreeg ruim 4.000 telefoontjes per maand. Een groot deel daarvan
            ging over dezelfde vragen: *hoe vraag ik huishoudelijke hulp aan*, *hoe lang duurt
            een aanvraag* en *wat is de eigen bijdrage*. Inwoners hingen gemiddeld elf minuten
            in de wacht en consulenten hadden te weinig tijd voor ingewikkelde situaties.
        """),
        approach=md("""
            We bouwden samen met Nijmegen een chatbot op basis van een vaste kennisbank in
            plaats van een generatief taalmodel. Elk antwoord is geschreven en gecontroleerd
            door consulenten, op taalniveau B1.

            - De chatbot geeft alleen antwoorden uit de kennisbank en zegt eerlijk wanneer hij
              iets niet weet.
            - Bij persoonlijke vragen of twijfel draagt hij het gesprek over aan een medewerker,
              met de vraag erbij, zodat de inwoner niet opnieuw hoeft te beginnen.
            - Er worden geen persoonsgegevens opgeslagen; de gesprekken worden na 30 dagen
              geanonimiseerd bewaard voor verbetering.

            Een DPIA is uitgevoerd voordat de chatbot live ging.
        """),
        results=md("""
            Na een jaar beantwoordt de chatbot ongeveer 1.900 vragen per maand zonder
            tussenkomst van een medewerker. Het aantal telefoontjes over standaardvragen daalde
            met 38 procent en de gemiddelde wachttijd aan de telefoon ging van elf naar vijf
            minuten. Inwoners geven de chatbot gemiddeld een 7,4.
        """),
        lessons=md("""
            Een chatbot is zo goed als de kennisbank erachter. Reken op een vaste redacteur
            voor ongeveer vier uur per week. Oudere inwoners bellen nog steeds liever; zet de
            chatbot in als extra kanaal, niet als vervanging. Begin klein met twintig vragen
            en breid uit op basis van wat inwoners echt vragen.
        """),
        indicators=(
            Indicator("Telefoontjes over standaardvragen", "per maand", 2600, 1800, 1610),
            Indicator("Gemiddelde wachttijd telefoon", "minuten", 11, 6, 5),
            Indicator("Waardering door inwoners", "cijfer", None, 7, 7.4),
        ),
    ),
    Pilot(
        slug="lopende-zaken-mijn-utrecht",
        title="Lopende zaken inzien in Mijn Utrecht",
        owner="GM0344",
        summary=(
            "Inwoners zien in hun persoonlijke omgeving de status van hun aanvragen, van "
            "vergunning tot bijzondere bijstand, met de verwachte beslisdatum."
        ),
        phase=Phase.PREPARATION,
        themes=("governance_services", "civil_affairs"),
        layer=Layer.INTEGRATION,
        tags=("zaakgericht werken", "mijn omgeving", "zgw-api"),
        start=date(2026, 9, 1),
        registered=date(2026, 8, 20),
        budget=240_000,
        funding="Eigen middelen",
        draft=True,
        problem=md("""
            Een op de vijf telefoontjes aan het klantcontactcentrum is een vraag naar de
            stand van zaken van een aanvraag. Medewerkers zoeken die informatie op in drie
            verschillende zaaksystemen.
        """),
        approach=md("""
            We ontsluiten de zaken via de landelijke ZGW-API's en tonen ze in Mijn Utrecht.
            In de voorbereiding brengen we in kaart welke zaaktypen al via de API's
            beschikbaar zijn en welke statussen begrijpelijk genoeg zijn om te tonen.
        """),
        indicators=(
            Indicator("Statusvragen aan het klantcontactcentrum", "per maand", 5200, 3500),
        ),
    ),
    Pilot(
        slug="digitale-parkeervergunning-amsterdam",
        title="Digitale parkeervergunning zonder kenteken-gedoe",
        owner="GM0363",
        partners=("GM0392",),
        summary=(
            "Bewoners vragen hun parkeervergunning volledig online aan en wijzigen zelf hun "
            "kenteken. De vergunning is gekoppeld aan het kenteken; een papieren kaart achter "
            "de voorruit is niet meer nodig."
        ),
        phase=Phase.COMPLETED,
        themes=("traffic_mobility", "governance_services"),
        layer=Layer.PROCESS,
        tags=("parkeren", "vergunningen", "digitaal loket"),
        start=date(2023, 1, 9),
        end=date(2024, 3, 31),
        registered=date(2023, 1, 20),
        budget=320_000,
        funding="Eigen middelen",
        website="https://www.amsterdam.nl",
        problem=md("""
            Een nieuwe auto of een verhuizing betekende een formulier, een controle door een
            medewerker en een nieuwe papieren vergunning per post. Gemiddeld duurde een
            kentekenwijziging acht werkdagen, waarin bewoners het risico liepen op een boete.
        """),
        approach=md("""
            Het aanvraagproces is opnieuw ontworpen vanuit de bewoner. Gegevens uit de BRP en
            het kentekenregister van de RDW worden automatisch gecontroleerd, zodat een
            medewerker alleen nog uitzonderingen beoordeelt. Haarlem deed mee als tweede
            gemeente om te toetsen of het proces ook werkt met een ander parkeerbeleid.
        """),
        results=md("""
            - 91 procent van de kentekenwijzigingen is binnen een uur verwerkt.
            - Het aantal bezwaren tegen parkeerboetes wegens een verlopen vergunning halveerde.
            - Haarlem heeft het proces in 2024 overgenomen met een eigen tariefstructuur.
        """),
        lessons=md("""
            Automatische controles werken alleen als de uitzonderingen goed beschreven zijn:
            leaseauto's, deelauto's en mantelzorgers vroegen meer aandacht dan verwacht.
            Betrek handhavers vanaf het begin; zij moeten de digitale vergunning kunnen zien
            op straat.
        """),
        indicators=(
            Indicator("Doorlooptijd kentekenwijziging", "werkdagen", 8, 1, 0.1),
            Indicator("Bezwaren wegens verlopen vergunning", "per jaar", 1400, 800, 690),
        ),
    ),
    Pilot(
        slug="algoritmeregister-amsterdam",
        title="Openbaar algoritmeregister",
        owner="GM0363",
        partners=("GM0599", "GM0344", "vng"),
        summary=(
            "Een openbaar register beschrijft welke algoritmes de gemeente gebruikt, waarvoor, "
            "met welke gegevens en wie verantwoordelijk is. Inwoners kunnen er vragen over "
            "stellen."
        ),
        phase=Phase.RUNNING,
        themes=("operations_ict", "governance_services"),
        layer=Layer.SERVICES,
        tags=("algoritmes", "transparantie", "ai", "open source"),
        start=date(2023, 5, 1),
        registered=date(2023, 5, 11),
        budget=150_000,
        funding="Eigen middelen",
        website="https://algoritmeregister.amsterdam.nl",
        licence="EUPL-1.2",
        problem=md("""
            De gemeente gebruikt algoritmes bij bijvoorbeeld parkeercontroles, het
            afhandelen van meldingen en het opsporen van illegale vakantieverhuur. Inwoners
            en raadsleden konden niet zien welke dat zijn en hoe ze werken.
        """),
        approach=md("""
            Voor elk algoritme dat invloed heeft op inwoners beschrijven we in gewone taal:

            1. het doel en de beslissing waar het bij helpt;
            2. de gegevens die het gebruikt;
            3. hoe we discriminatie en fouten voorkomen;
            4. wie er verantwoordelijk is en waar je terecht kunt met vragen.

            De beschrijvingen volgen de landelijke algoritmestandaard, zodat andere
            gemeenten ze kunnen overnemen.
        """),
        results=md("""
            Het register bevat 34 algoritmes. Twee algoritmes zijn na de beschrijving
            aangepast, omdat bleek dat ze gegevens gebruikten die niet nodig waren.
        """),
        indicators=(
            Indicator("Beschreven algoritmes", "aantal", 0, 40, 34),
            Indicator("Vragen van inwoners beantwoord", "procent", None, 100, 96),
        ),
    ),
    Pilot(
        slug="brp-inzage-leiden",
        title="Eigen gegevens in de BRP inzien en corrigeren",
        owner="GM0546",
        partners=("vng", "GM0392"),
        summary=(
            "Inwoners zien online welke gegevens de gemeente over hen in de Basisregistratie "
            "Personen heeft en aan wie die zijn verstrekt, en melden een fout met één formulier."
        ),
        phase=Phase.COMPLETED,
        themes=("civil_affairs",),
        layer=Layer.DATA_SOURCES,
        tags=("brp", "privacy", "regie op gegevens", "haal centraal"),
        start=date(2023, 9, 1),
        end=date(2025, 2, 28),
        registered=date(2023, 8, 28),
        budget=210_000,
        funding="Innovatiebudget Digitale Overheid",
        repository="https://github.com/VNG-Realisatie",
        licence="EUPL-1.2",
        problem=md("""
            Inwoners hebben het recht om te zien welke gegevens de overheid over hen
            vastlegt, maar daarvoor moesten ze een brief sturen en enkele weken wachten.
            Fouten in de BRP werken door in tientallen andere organisaties.
        """),
        approach=md("""
            Met de Haal Centraal BRP-API toont de inzage de actuele persoonslijst na inloggen
            met DigiD. Het protocol van verstrekkingen laat zien welke organisaties gegevens
            hebben opgevraagd. Een correctieverzoek komt als zaak bij Burgerzaken binnen.
        """),
        results=md("""
            In anderhalf jaar bekeken 18.000 inwoners hun gegevens. Er kwamen 420
            correctieverzoeken binnen, waarvan 160 een echte fout in de registratie betroffen,
            vooral bij adressen en nationaliteiten.
        """),
        lessons=md("""
            Het protocol van verstrekkingen roept vragen op: leg uit waarom bijvoorbeeld de
            Belastingdienst of een pensioenfonds gegevens opvraagt. Zonder die uitleg belden
            inwoners ongerust naar de gemeente.
        """),
        indicators=(
            Indicator("Inwoners die hun gegevens inzagen", "aantal", 0, 10000, 18000),
            Indicator("Doorlooptijd inzageverzoek", "dagen", 21, 0, 0),
        ),
    ),
    Pilot(
        slug="woz-bezwaar-eerst-bellen",
        title="WOZ-bezwaar: eerst bellen, dan pas beslissen",
        owner="GM0200",
        partners=("GM0202",),
        summary=(
            "Bij elk WOZ-bezwaar belt een taxateur de inwoner eerst op om de waarde samen door "
            "te nemen. Veel bezwaren zijn daarna opgelost of worden ingetrokken."
        ),
        phase=Phase.COMPLETED,
        themes=("taxes_finance",),
        tags=("woz", "bezwaar", "informele aanpak"),
        start=date(2023, 2, 1),
        end=date(2023, 12, 31),
        registered=date(2023, 3, 2),
        budget=40_000,
        funding="Eigen middelen",
        problem=md("""
            Apeldoorn ontving jaarlijks ruim 3.000 WOZ-bezwaren, een groeiend deel via
            no-cure-no-paybureaus. Elke formele uitspraak kost tijd en de proceskosten liepen
            op tot ruim 900.000 euro per jaar.
        """),
        approach=md("""
            Binnen twee weken na ontvangst belt een taxateur de indiener. In het gesprek
            lopen we samen de vergelijkingspanden door en kijkt de taxateur naar bijzonderheden
            van de woning. Waar nodig volgt een bezoek.
        """),
        results=md("""
            - 44 procent van de bezwaren werd na het gesprek ingetrokken of in overleg
              aangepast.
            - De gemiddelde afhandeltijd daalde van 19 naar 7 weken.
            - Inwoners waardeerden het contact met een 8,1, ook als de waarde niet veranderde.
        """),
        lessons=md("""
            Bij bezwaren van bureaus werkt de aanpak minder goed: de inwoner is dan vaak niet
            direct bereikbaar. Plan de belcapaciteit in de piek van maart en april ruim in.
        """),
        indicators=(
            Indicator("Bezwaren ingetrokken of in overleg opgelost", "procent", 12, 30, 44),
            Indicator("Afhandeltijd bezwaar", "weken", 19, 10, 7),
        ),
    ),
    Pilot(
        slug="betalingsregeling-belastingen-online",
        title="Betalingsregeling gemeentelijke belastingen online",
        owner="GM0392",
        summary=(
            "Inwoners die hun aanslag niet in één keer kunnen betalen, regelen zelf online een "
            "betalingsregeling; bij signalen van geldzorgen volgt een aanbod van schuldhulp."
        ),
        phase=Phase.RUNNING,
        themes=("taxes_finance", "social_domain"),
        tags=("belastingen", "schulden", "invordering"),
        start=date(2025, 1, 6),
        registered=date(2024, 12, 2),
        budget=65_000,
        funding="Eigen middelen",
        problem=md("""
            Inwoners met betalingsproblemen kregen aanmaningen en dwangbevelen, met extra
            kosten, terwijl zij vaak best wilden betalen maar niet in één keer.
        """),
        approach=md("""
            Na inloggen kiest de inwoner een regeling van maximaal twaalf termijnen. Wie
            vaker een regeling aanvraagt of kwijtschelding heeft gehad, krijgt een aanbod voor
            een gesprek met de schuldhulpverlening.
        """),
        results=md("""
            In het eerste halfjaar werden 1.150 regelingen online afgesloten. Het aantal
            dwangbevelen ligt 22 procent lager dan in dezelfde periode een jaar eerder.
        """),
        indicators=(
            Indicator("Dwangbevelen", "per halfjaar", 2300, 1800, 1790),
            Indicator("Online afgesloten regelingen", "procent van alle regelingen", 0, 70),
        ),
    ),
    Pilot(
        slug="subsidie-verenigingen-eenvoudig",
        title="Eenvoudige subsidie voor verenigingen",
        owner="GM0119",
        partners=("GM0193",),
        summary=(
            "Kleine subsidies tot 5.000 euro voor verenigingen vraag je aan met één kort "
            "formulier; verantwoorden gebeurt met een foto of een korte terugblik in plaats "
            "van een financieel verslag."
        ),
        phase=Phase.RUNNING,
        themes=("taxes_finance", "sport_culture_recreation"),
        tags=("subsidies", "regelarm", "verenigingen"),
        start=date(2025, 3, 1),
        registered=date(2025, 2, 10),
        budget=25_000,
        funding="Eigen middelen",
        problem=md("""
            Vrijwilligers van verenigingen besteedden uren aan aanvragen en verantwoorden
            van bedragen van een paar honderd euro. Een deel vroeg daarom geen subsidie meer
            aan.
        """),
        approach=md("""
            De subsidieregeling is herschreven met de verenigingen zelf. Het formulier telt
            nog zes vragen. Voor bedragen onder de 5.000 euro volstaat achteraf een korte
            terugblik; we controleren steekproefsgewijs.
        """),
        results=md("""
            Het aantal aanvragen steeg in het eerste jaar met een kwart, vooral van kleine
            buurtverenigingen die eerder afhaakten.
        """),
        indicators=(
            Indicator("Tijd voor een aanvraag", "minuten", 120, 20, 15),
            Indicator("Aanvragen van verenigingen", "per jaar", 140, 170),
        ),
    ),
    Pilot(
        slug="open-raadsinformatie-haarlem",
        title="Open raadsinformatie met zoeken in alle stukken",
        owner="GM0392",
        partners=("GM0546", "GM0363"),
        summary=(
            "Alle raadsstukken, moties en besluiten sinds 2010 zijn doorzoekbaar en als open "
            "data beschikbaar, met een eenvoudige zoekfunctie voor inwoners en journalisten."
        ),
        phase=Phase.RUNNING,
        themes=("governance_services",),
        layer=Layer.SERVICES,
        tags=("open data", "gemeenteraad", "woo", "transparantie"),
        start=date(2024, 4, 1),
        registered=date(2024, 4, 15),
        budget=55_000,
        funding="Eigen middelen",
        website="https://openraadsinformatie.nl",
        licence="CC0-1.0",
        problem=md("""
            Raadsinformatie stond verspreid over een raadsinformatiesysteem, een oud archief
            en losse pdf's. Zelfs raadsleden konden eerdere moties over een onderwerp lastig
            terugvinden.
        """),
        approach=md("""
            We sluiten aan op de landelijke Open Raadsinformatie-voorziening. Oude stukken
            zijn opnieuw ingelezen met tekstherkenning. De zoekpagina is getest met inwoners
            en met de griffie.
        """),
        results=md("""
            Ruim 60.000 documenten zijn doorzoekbaar. De griffie krijgt merkbaar minder
            verzoeken om oude stukken op te zoeken.
        """),
        indicators=(
            Indicator("Doorzoekbare documenten", "aantal", 8000, 60000, 61500),
            Indicator("Zoekverzoeken aan de griffie", "per maand", 45, 15),
        ),
    ),
    Pilot(
        slug="woo-actieve-openbaarmaking",
        title="Actieve openbaarmaking volgens de Woo",
        owner="GM0193",
        partners=("GM0119", "GM0153"),
        summary=(
            "Besluiten, adviezen en convenanten worden automatisch vanuit het zaaksysteem "
            "gepubliceerd, met lakken van persoonsgegevens voordat iets openbaar wordt."
        ),
        phase=Phase.PREPARATION,
        themes=("governance_services", "operations_ict"),
        layer=Layer.INTEGRATION,
        tags=("woo", "openbaarmaking", "zaaksysteem"),
        start=date(2026, 1, 12),
        registered=date(2025, 11, 24),
        budget=130_000,
        funding="Rijksbijdrage Wet open overheid",
        problem=md("""
            De Wet open overheid verplicht gemeenten om steeds meer informatiecategorieën
            uit zichzelf openbaar te maken. Handmatig publiceren kost Zwolle naar schatting
            drie fte per jaar en gaat vaak mis bij het lakken.
        """),
        approach=md("""
            In de voorbereiding bepalen we met Meppel en Enschede welke zaaktypen zich
            lenen voor automatische publicatie en testen we twee lakhulpmiddelen op
            nauwkeurigheid. Een publicatie gaat pas online na een controle door een
            medewerker.
        """),
        indicators=(Indicator("Handmatige publicatietijd", "uren per week", 110, 40),),
    ),
    Pilot(
        slug="burgerbegroting-enschede",
        title="Digitale burgerbegroting per wijk",
        owner="GM0153",
        summary=(
            "Inwoners bepalen per wijk samen hoe 100.000 euro wordt besteed: ideeën indienen "
            "online en in het buurthuis, daarna stemmen. De gemeente voert de winnende plannen "
            "uit."
        ),
        phase=Phase.RUNNING,
        themes=("governance_services", "housing_living_environment"),
        layer=Layer.INTERACTION,
        tags=("participatie", "burgerbegroting", "wijken"),
        start=date(2024, 9, 1),
        registered=date(2024, 8, 5),
        budget=90_000,
        funding="Eigen middelen (exclusief de wijkbudgetten)",
        licence="EUPL-1.2",
        problem=md("""
            Inspraakavonden trokken steeds dezelfde, vaak oudere inwoners. Jongeren en
            inwoners met een migratieachtergrond lieten zich nauwelijks horen.
        """),
        approach=md("""
            Per wijk is een budget van 100.000 euro beschikbaar. Ideeën kunnen online worden
            ingediend, maar ook op papier in het buurthuis en bij de bibliotheek. Stemmen kan
            vanaf 12 jaar. Een wijkcommissie van inwoners toetst de haalbaarheid.
        """),
        results=md("""
            In de eerste ronde brachten 4.300 inwoners een stem uit, van wie een derde jonger
            dan 25. Er worden veertien plannen uitgevoerd, van een pannakooi tot extra bankjes
            langs een wandelroute.
        """),
        indicators=(
            Indicator("Stemmers per ronde", "aantal", None, 3000, 4300),
            Indicator("Aandeel stemmers jonger dan 25", "procent", 8, 20, 33),
        ),
    ),
    Pilot(
        slug="brieven-b1-taaltool",
        title="Brieven op B1-niveau met een schrijfhulp",
        owner="GM0202",
        partners=("GM0268",),
        summary=(
            "Een automatische schrijfhulp zou ambtelijke brieven herschrijven naar taalniveau "
            "B1. De pilot is gestopt: de teksten werden begrijpelijker maar bevatten te vaak "
            "juridische fouten."
        ),
        phase=Phase.STOPPED,
        themes=("governance_services", "operations_ict"),
        tags=("begrijpelijke taal", "brieven", "ai"),
        start=date(2024, 2, 1),
        end=date(2024, 11, 30),
        registered=date(2024, 1, 22),
        budget=70_000,
        funding="Eigen middelen",
        problem=md("""
            Uit een onderzoek onder inwoners bleek dat 40 procent van de gemeentelijke brieven
            niet goed werd begrepen. Dat leidde tot telefoontjes, gemiste termijnen en
            onnodige bezwaren.
        """),
        approach=md("""
            Medewerkers van drie afdelingen gebruikten een schrijfhulp die een conceptbrief
            herschrijft naar eenvoudige taal. Een taalcoach en een jurist beoordeelden elke
            herschreven brief voordat die werd verstuurd.
        """),
        results=md("""
            De brieven scoorden beter op leesbaarheid, maar bij 23 procent veranderde de
            schrijfhulp de juridische betekenis, bijvoorbeeld bij termijnen en
            bezwaarmogelijkheden. De controle kostte meer tijd dan het zelf herschrijven.
        """),
        lessons=md("""
            **Wat niet werkte:** een algemene schrijfhulp kent de juridische lading van woorden
            als *besluit*, *termijn* en *bezwaar* niet.

            **Wat we wel houden:** de training in B1-schrijven voor medewerkers en de
            bibliotheek van standaardzinnen die de taalcoach heeft opgesteld. Die leverden
            meer op dan de software. Wie dit opnieuw probeert: begin met de standaardbrieven
            die het vaakst worden verstuurd, en laat juristen de bouwstenen vaststellen.
        """),
        indicators=(
            Indicator("Brieven met juridische fout na herschrijven", "procent", None, 2, 23),
            Indicator("Leesbaarheidsscore", "punten", 48, 65, 67),
        ),
    ),
)
