"""Demo pilots about income support, care, education, sport, culture and public health."""

from __future__ import annotations

from datetime import date

from registry.demo.records import DemoIndicator as Indicator
from registry.demo.records import DemoPilot as Pilot
from registry.demo.records import md
from registry.models.vocab import CommonGroundLayer as Layer
from registry.models.vocab import Phase

PILOTS: tuple[Pilot, ...] = (
    Pilot(
        slug="bijstand-vereenvoudigen-groningen",
        title="Bijstand vereenvoudigen: vertrouwen als uitgangspunt",
        owner="GM0014",
        partners=("GM0080", "GM0119"),
        summary=(
            "Minder bewijsstukken, een vaste contactpersoon en bijverdienen zonder direct "
            "gekort te worden: een proef met een eenvoudigere bijstand die uitgaat van "
            "vertrouwen in plaats van controle."
        ),
        phase=Phase.RUNNING,
        themes=("social_domain",),
        layer=Layer.PROCESS,
        tags=("participatiewet", "bijstand", "vertrouwen", "regeldruk"),
        start=date(2024, 1, 1),
        registered=date(2023, 11, 13),
        budget=410_000,
        funding="Eigen middelen en bijdrage ministerie van SZW",
        problem=md("""
            De aanvraag voor bijstand vroeg om gemiddeld 14 bewijsstukken. Bijverdiensten
            moesten per maand worden opgegeven en leidden tot verrekeningen en
            terugvorderingen, waardoor inwoners werk aannemen als risico zagen.
        """),
        approach=md("""
            Binnen de ruimte van de Participatiewet proberen we drie dingen:

            - **minder bewijsstukken:** gegevens die de overheid al heeft, vragen we niet
              opnieuw op;
            - **een vaste consulent** die de inwoner kent en bereikbaar is;
            - **bijverdienen met rust:** een vrijlating van 25 procent van de inkomsten,
              gedurende zes maanden.

            De Rijksuniversiteit Groningen volgt de proef met een controlegroep.
        """),
        results=md("""
            Tussenresultaten na een jaar: de aanvraag is gemiddeld 9 dagen sneller afgerond
            en het aantal terugvorderingen daalde met 30 procent. Het effect op uitstroom naar
            werk is nog niet te meten.
        """),
        indicators=(
            Indicator("Gevraagde bewijsstukken per aanvraag", "aantal", 14, 6, 7),
            Indicator("Terugvorderingen", "per jaar", 980, 600, 690),
            Indicator("Uitstroom naar (deeltijd)werk", "procent", 9, 13),
        ),
    ),
    Pilot(
        slug="schuldhulp-vroegsignalering-tilburg",
        title="Vroegsignalering van schulden met woningcorporaties en energieleveranciers",
        owner="GM0855",
        partners=("GM0758", "GM0772"),
        summary=(
            "Bij twee maanden achterstand in huur, energie of zorgverzekering krijgt de "
            "gemeente een signaal en belt of bezoekt een schuldhulpverlener de inwoner, "
            "voordat de schulden uit de hand lopen."
        ),
        phase=Phase.COMPLETED,
        themes=("social_domain",),
        layer=Layer.PROCESS,
        tags=("schuldhulp", "vroegsignalering", "wgs"),
        start=date(2023, 1, 1),
        end=date(2024, 12, 31),
        registered=date(2023, 1, 16),
        budget=260_000,
        funding="Eigen middelen",
        licence="CC-BY-4.0",
        documentation="https://www.tilburg.nl",
        problem=md("""
            Inwoners met schulden melden zich gemiddeld pas na vijf jaar bij de gemeente. Op
            dat moment is de schuld vaak opgelopen tot boven de 40.000 euro en zijn er
            meerdere schuldeisers.
        """),
        approach=md("""
            Op basis van de Wet gemeentelijke schuldhulpverlening sturen woningcorporaties,
            energieleveranciers, drinkwaterbedrijven en zorgverzekeraars een signaal bij een
            betalingsachterstand. Binnen vijf werkdagen neemt een schuldhulpverlener contact
            op: eerst per brief, dan telefonisch en zo nodig aan de deur.

            Breda en Eindhoven gebruikten dezelfde werkwijze, zodat de resultaten te
            vergelijken zijn.
        """),
        results=md("""
            - Bij 46 procent van de signalen kwam er contact met de inwoner.
            - Van hen nam 38 procent hulp aan; de gemiddelde schuld bij de start van de hulp
              was 6.800 euro, tegen 42.000 euro in de reguliere schuldhulp.
            - Het aantal huisuitzettingen wegens huurachterstand daalde van 41 naar 17 per
              jaar.
        """),
        lessons=md("""
            Huisbezoeken leverden veruit het meeste contact op; brieven werden nauwelijks
            gelezen. Maak vooraf goede afspraken met de partners over welke gegevens ze
            delen: alleen naam, adres, hoogte en soort achterstand is genoeg.
        """),
        indicators=(
            Indicator("Contact na een signaal", "procent", None, 40, 46),
            Indicator("Huisuitzettingen wegens huurachterstand", "per jaar", 41, 25, 17),
            Indicator("Gemiddelde schuld bij start hulp", "euro", 42000, 10000, 6800),
        ),
    ),
    Pilot(
        slug="keukentafelgesprek-beeldbellen",
        title="Het keukentafelgesprek via beeldbellen",
        owner="GM0119",
        summary=(
            "Wmo-consulenten voerden het keukentafelgesprek met inwoners via beeldbellen om "
            "reistijd te besparen. Gestopt: inwoners en consulenten misten wat je alleen ziet "
            "als je echt aan tafel zit."
        ),
        phase=Phase.STOPPED,
        themes=("social_domain", "public_health_environment"),
        layer=Layer.INTERACTION,
        tags=("wmo", "beeldbellen", "keukentafelgesprek"),
        start=date(2023, 4, 1),
        end=date(2023, 12, 31),
        registered=date(2023, 3, 27),
        budget=18_000,
        funding="Eigen middelen",
        problem=md("""
            Meppel heeft een groot buitengebied. Consulenten waren per keukentafelgesprek
            gemiddeld 50 minuten onderweg, en de wachtlijst voor een eerste gesprek liep op
            tot zes weken.
        """),
        approach=md("""
            Inwoners konden kiezen voor een gesprek via beeldbellen, met hulp van een
            mantelzorger of buurtwerker bij het opzetten van de verbinding. Na afloop vulden
            inwoner en consulent een korte vragenlijst in.
        """),
        results=md("""
            Slechts 14 procent van de inwoners koos voor beeldbellen. In een kwart van die
            gesprekken volgde alsnog een huisbezoek, omdat de consulent de situatie niet goed
            kon inschatten.
        """),
        lessons=md("""
            Een keukentafelgesprek gaat niet alleen over wat iemand vertelt. Consulenten zien
            thuis of er drempels zijn, hoe iemand beweegt en of de mantelzorger overbelast
            is. Dat gaat via een scherm verloren.

            Beeldbellen werkt wel goed voor **vervolggesprekken** en herindicaties bij een
            stabiele situatie. Die werkwijze houden we aan; het eerste gesprek is weer altijd
            aan huis.
        """),
        indicators=(
            Indicator("Inwoners die voor beeldbellen kozen", "procent", None, 40, 14),
            Indicator("Wachttijd eerste gesprek", "weken", 6, 3, 5.5),
        ),
    ),
    Pilot(
        slug="regelingencheck-nijmegen",
        title="Regelingencheck: zie in vijf minuten waar je recht op hebt",
        owner="GM0268",
        partners=("GM0202", "GM0200"),
        summary=(
            "Een anonieme online check laat inwoners met een laag inkomen zien voor welke "
            "landelijke en gemeentelijke regelingen ze in aanmerking komen, en hoe ze die "
            "aanvragen."
        ),
        phase=Phase.RUNNING,
        themes=("social_domain", "taxes_finance"),
        layer=Layer.SERVICES,
        tags=("armoede", "niet-gebruik", "toeslagen", "open source"),
        start=date(2024, 5, 1),
        registered=date(2024, 5, 6),
        budget=95_000,
        funding="Eigen middelen",
        repository="https://github.com/VNG-Realisatie",
        licence="EUPL-1.2",
        problem=md("""
            Naar schatting een derde van de huishoudens die recht hebben op een regeling als
            de individuele inkomenstoeslag of kwijtschelding, maakt er geen gebruik van. Ze
            weten niet dat de regeling bestaat of denken dat ze er geen recht op hebben.
        """),
        approach=md("""
            De check stelt maximaal twaalf vragen over huishouden, inkomen en vermogen.
            Er wordt niets opgeslagen. Aan het eind ziet de inwoner een overzicht met per
            regeling een link naar de aanvraag. De rekenregels staan open, zodat andere
            gemeenten hun eigen regelingen kunnen toevoegen.
        """),
        results=md("""
            De check is 21.000 keer ingevuld. Bij de individuele inkomenstoeslag steeg het
            aantal aanvragen met 27 procent.
        """),
        indicators=(
            Indicator("Ingevulde checks", "aantal", 0, 15000, 21000),
            Indicator("Aanvragen individuele inkomenstoeslag", "per jaar", 1900, 2300),
        ),
    ),
    Pilot(
        slug="digitaal-hulpplein-bibliotheek",
        title="Digitaal Hulpplein in de bibliotheek",
        owner="GM0080",
        partners=("GM0014",),
        summary=(
            "Inwoners die moeite hebben met digitale overheidszaken krijgen in de bibliotheek "
            "hulp bij DigiD, toeslagen en gemeentelijke aanvragen, en kunnen er een cursus "
            "digitale vaardigheden volgen."
        ),
        phase=Phase.RUNNING,
        themes=("education", "social_domain"),
        tags=("digitale inclusie", "laaggeletterdheid", "bibliotheek"),
        start=date(2023, 10, 1),
        registered=date(2023, 9, 18),
        budget=120_000,
        funding="Eigen middelen en regeling Digitale Inclusie",
        problem=md("""
            Ongeveer een op de zes inwoners van Leeuwarden heeft moeite met lezen, schrijven
            of de computer. Voor hen wordt het steeds lastiger om zaken met de overheid te
            regelen.
        """),
        approach=md("""
            Op vier vestigingen van de bibliotheek is op vaste tijden een informatiepunt met
            getrainde vrijwilligers en een medewerker van de gemeente. Wie vaker komt, wordt
            uitgenodigd voor een cursus *Klik & Tik* of een taalcursus.
        """),
        results=md("""
            Gemiddeld 310 bezoekers per maand; 12 procent van hen volgde daarna een cursus.
        """),
        indicators=(
            Indicator("Bezoekers informatiepunt", "per maand", 0, 250, 310),
            Indicator("Doorstroom naar een cursus", "procent", None, 15, 12),
        ),
    ),
    Pilot(
        slug="voortijdig-schoolverlaten-voorspellen",
        title="Voortijdig schoolverlaten voorspellen met data",
        owner="GM0599",
        summary=(
            "Een voorspellend model zou jongeren met een verhoogd risico op schooluitval "
            "aanwijzen. Gestopt na de DPIA: de koppeling van gegevens was niet proportioneel "
            "en het model bleek bevooroordeeld."
        ),
        phase=Phase.STOPPED,
        themes=("education", "operations_ict"),
        tags=("algoritmes", "privacy", "dpia", "leerplicht"),
        start=date(2023, 6, 1),
        end=date(2024, 2, 29),
        registered=date(2023, 6, 12),
        budget=140_000,
        funding="Eigen middelen",
        problem=md("""
            Elk jaar verlaten in Rotterdam ruim 1.500 jongeren school zonder startkwalificatie.
            Leerplichtambtenaren komen vaak pas in beeld als een jongere al maanden niet meer
            naar school gaat.
        """),
        approach=md("""
            Het idee was om verzuimgegevens, gegevens over schoolwisselingen en gegevens uit
            het sociaal domein te combineren in een model dat een risicoscore per jongere
            geeft. Voor de bouw hebben we een DPIA en een onafhankelijke toets op
            discriminatie laten uitvoeren.
        """),
        results=md("""
            De DPIA concludeerde dat het combineren van gegevens uit het sociaal domein met
            onderwijsgegevens niet noodzakelijk en niet proportioneel was. Op historische
            gegevens wees het testmodel jongeren uit twee wijken ruim twee keer zo vaak aan,
            ook bij gelijk verzuim.
        """),
        lessons=md("""
            Laat een DPIA en een toets op vooringenomenheid uitvoeren **voordat** er een model
            wordt gebouwd, niet erna. Het stoppen was de juiste keuze.

            Wat bleef: leerplichtambtenaren krijgen nu na drie dagen ongeoorloofd verzuim een
            signaal in plaats van na zestien uur per maand. Die eenvoudige regel doet veel van
            wat het model beloofde, zonder profilering.
        """),
        indicators=(Indicator("Verschil in aanwijzing tussen wijken", "factor", None, 1.1, 2.3),),
    ),
    Pilot(
        slug="taalmaatje-statushouders",
        title="Taalmaatjes voor statushouders via een matchingsplatform",
        owner="GM0855",
        summary=(
            "Een eenvoudig platform koppelt statushouders die inburgeren aan vrijwillige "
            "taalmaatjes in hun buurt, op basis van beschikbaarheid en gedeelde interesses."
        ),
        phase=Phase.PREPARATION,
        themes=("education", "social_domain"),
        tags=("inburgering", "vrijwilligers", "taal"),
        start=date(2026, 2, 1),
        registered=date(2025, 12, 8),
        budget=45_000,
        funding="Eigen middelen",
        problem=md("""
            Sinds de Wet inburgering 2021 regelt de gemeente de inburgering. Statushouders
            oefenen buiten de les weinig Nederlands; de wachtlijst voor een taalmaatje bij
            vrijwilligersorganisaties is lang.
        """),
        approach=md("""
            We onderzoeken of een bestaand open-source matchingsplatform bruikbaar is en
            werven vrijwilligers via sportclubs en kerken. In de voorbereiding testen we de
            werkwijze met twintig koppels.
        """),
        indicators=(
            Indicator("Gekoppelde taalmaatjes", "aantal", 35, 150),
            Indicator("Wachttijd voor een taalmaatje", "weken", 16, 4),
        ),
    ),
    Pilot(
        slug="sportapp-jongeren-enschede",
        title="Sportapp om jongeren aan het bewegen te krijgen",
        owner="GM0153",
        partners=("GM0193",),
        summary=(
            "Een app met uitdagingen en beloningen moest jongeren van 12 tot 18 jaar meer "
            "laten sporten. Gestopt na een jaar: te weinig gebruikers, en de jongeren die hem "
            "gebruikten, sportten al."
        ),
        phase=Phase.STOPPED,
        themes=("sport_culture_recreation", "public_health_environment"),
        tags=("sport", "jongeren", "app", "gamification"),
        start=date(2023, 9, 1),
        end=date(2024, 8, 31),
        registered=date(2023, 8, 21),
        budget=110_000,
        funding="Sportakkoord en eigen middelen",
        problem=md("""
            Bijna de helft van de jongeren in Enschede haalt de beweegrichtlijn niet. Vooral
            na de overstap naar de middelbare school stoppen veel jongeren met sporten.
        """),
        approach=md("""
            Een extern bureau ontwikkelde een app met wekelijkse uitdagingen, een ranglijst
            per school en kortingen bij sportaanbieders. Scholen promootten de app in de
            gymles.
        """),
        results=md("""
            De app werd 2.100 keer gedownload, maar na drie maanden waren er nog 180 actieve
            gebruikers. Uit een enquête bleek dat de meesten al lid waren van een sportclub.
        """),
        lessons=md("""
            - Een app bereikt vooral jongeren die al gemotiveerd zijn; de doelgroep die we
              wilden bereiken, haalden we er niet mee.
            - Wat wel werkte: de gratis kennismakingslessen die sportaanbieders in de app
              aanboden. Die bieden we nu aan via de buurtsportcoaches en de scholen.
            - Reken bij een app ook op de kosten van onderhoud na de pilot; die ontbraken in
              de begroting.
        """),
        indicators=(
            Indicator("Actieve gebruikers na drie maanden", "aantal", None, 1500, 180),
            Indicator("Jongeren die de beweegrichtlijn halen", "procent", 52, 60, 52),
        ),
    ),
    Pilot(
        slug="cultuurpas-digitaal-groningen",
        title="Digitale cultuurpas voor kinderen uit gezinnen met een laag inkomen",
        owner="GM0014",
        partners=("GM0080",),
        summary=(
            "Kinderen uit gezinnen met een laag inkomen krijgen automatisch een digitale "
            "cultuurpas met tegoed voor muziekles, theater en museum, zonder aanvraag."
        ),
        phase=Phase.COMPLETED,
        themes=("sport_culture_recreation", "social_domain"),
        tags=("cultuur", "kinderen", "armoede", "minimaregeling"),
        start=date(2023, 8, 1),
        end=date(2024, 7, 31),
        registered=date(2023, 7, 10),
        budget=75_000,
        funding="Eigen middelen",
        problem=md("""
            Gezinnen moesten elk jaar opnieuw een papieren pas aanvragen. Minder dan de helft
            van de kinderen die er recht op hadden, maakte gebruik van de regeling.
        """),
        approach=md("""
            Gezinnen die al een minimaregeling ontvangen, krijgen de pas automatisch op hun
            telefoon, met een tegoed van 150 euro per kind per jaar. Culturele instellingen
            scannen de pas bij de kassa.
        """),
        results=md("""
            Het bereik steeg van 45 naar 81 procent van de kinderen met recht op de pas. Ook
            de bestedingen bij muziekscholen verdubbelden.
        """),
        lessons=md("""
            Automatisch toekennen is de grootste winst. Sommige ouders hebben geen
            smartphone; houd een papieren variant beschikbaar.
        """),
        indicators=(
            Indicator("Bereik onder kinderen met recht", "procent", 45, 70, 81),
            Indicator("Besteed tegoed", "procent", 60, 75, 78),
        ),
    ),
    Pilot(
        slug="luchtkwaliteit-burgermeetnet",
        title="Burgermeetnet voor luchtkwaliteit",
        owner="GM0772",
        partners=("GM0268",),
        summary=(
            "Tweehonderd inwoners meten met een goedkope sensor aan de gevel fijnstof en "
            "stikstofdioxide. De metingen staan als open data online en helpen bij keuzes "
            "over verkeer en houtstook."
        ),
        phase=Phase.COMPLETED,
        themes=("public_health_environment",),
        layer=Layer.DATA_SOURCES,
        tags=("luchtkwaliteit", "sensoren", "open data", "citizen science"),
        start=date(2023, 4, 1),
        end=date(2025, 3, 31),
        registered=date(2023, 3, 20),
        budget=130_000,
        funding="Eigen middelen en bijdrage provincie Noord-Brabant",
        licence="CC-BY-4.0",
        problem=md("""
            Eindhoven had vier officiële meetstations. Inwoners maakten zich zorgen over de
            luchtkwaliteit in hun straat, vooral bij drukke wegen en in wijken waar veel hout
            wordt gestookt.
        """),
        approach=md("""
            Inwoners kregen een sensor in bruikleen. Het RIVM kalibreerde de metingen tegen
            de officiële stations. Op een openbare kaart zijn de uurwaarden per straat te
            zien.
        """),
        results=md("""
            Het meetnet liet zien dat de fijnstofconcentratie op windstille winteravonden in
            drie wijken vooral door houtstook komt. De gemeente heeft daar een campagne over
            stookgedrag gestart; op stookalertdagen daalden de pieken met 15 procent.
        """),
        lessons=md("""
            Goedkope sensoren zijn bruikbaar voor trends en verschillen tussen wijken, niet
            voor het toetsen aan wettelijke normen. Deelnemers blijven betrokken als ze zelf
            iets met de gegevens kunnen: de wijkbijeenkomsten over de resultaten waren goed
            bezocht.
        """),
        indicators=(
            Indicator("Actieve sensoren", "aantal", 4, 200, 187),
            Indicator("Fijnstofpieken op stookalertdagen", "µg/m³", 58, 50, 49),
        ),
    ),
    Pilot(
        slug="hittestress-meetnet-maastricht",
        title="Hittestress in kaart met een meetnet in de binnenstad",
        owner="GM0935",
        partners=("GM0202",),
        summary=(
            "Temperatuursensoren op lantaarnpalen laten zien waar het in de zomer het heetst "
            "is. De kaart bepaalt waar extra bomen, schaduw en drinkwaterpunten komen."
        ),
        phase=Phase.COMPLETED,
        themes=("public_health_environment", "energy_climate"),
        layer=Layer.DATA_SOURCES,
        tags=("klimaatadaptatie", "hitte", "sensoren"),
        start=date(2024, 5, 1),
        end=date(2025, 10, 31),
        registered=date(2024, 4, 22),
        budget=85_000,
        funding="Impulsregeling klimaatadaptatie",
        licence="CC-BY-4.0",
        problem=md("""
            Tijdens hittegolven is het in de stenige binnenstad tot zes graden warmer dan
            daarbuiten. Ouderen en mensen met een kwetsbare gezondheid lopen daardoor risico.
        """),
        approach=md("""
            Zestig sensoren meten twee zomers lang temperatuur en luchtvochtigheid. De
            metingen zijn gecombineerd met gegevens over bewoners van 75 jaar en ouder, op
            het niveau van buurten.
        """),
        results=md("""
            Er zijn acht hittepleinen aangewezen. Op vier daarvan zijn inmiddels bomen en
            drinkwaterpunten geplaatst; de gevoelstemperatuur daar ligt op hete middagen
            ruim drie graden lager.
        """),
        lessons=md("""
            Plaats sensoren op vergelijkbare hoogte en uit de directe zon, anders zijn de
            metingen niet te vergelijken. Werk vanaf het begin samen met de afdeling groen;
            de kaart is pas waardevol als er ook budget is om iets te doen.
        """),
        indicators=(
            Indicator("Aangepaste hittepleinen", "aantal", 0, 4, 4),
            Indicator("Verschil gevoelstemperatuur", "°C", 0, -2, -3.2),
        ),
    ),
    Pilot(
        slug="slimme-afvalcontainers-rotterdam",
        title="Slimme ondergrondse afvalcontainers met vulgraadsensoren",
        owner="GM0599",
        partners=("GM0518",),
        summary=(
            "Sensoren in ondergrondse containers zouden melden wanneer ze vol zijn, zodat "
            "vuilniswagens alleen rijden waar het nodig is. Gestopt: de sensoren waren te "
            "onbetrouwbaar en te duur in onderhoud."
        ),
        phase=Phase.STOPPED,
        themes=("public_health_environment", "housing_living_environment"),
        layer=Layer.DATA_SOURCES,
        tags=("afval", "sensoren", "iot", "smart city"),
        start=date(2023, 2, 1),
        end=date(2024, 1, 31),
        registered=date(2023, 1, 30),
        budget=280_000,
        funding="Eigen middelen",
        problem=md("""
            Vuilniswagens legden vaste routes af en leegden ook halflege containers, terwijl
            andere containers overvol raakten en er afval naast werd gezet.
        """),
        approach=md("""
            In twee wijken kregen 400 containers een ultrasone vulgraadsensor. Een
            planningssysteem maakte elke ochtend een route langs de containers die meer dan
            70 procent vol waren.
        """),
        results=md("""
            Een kwart van de sensoren gaf regelmatig verkeerde waarden door, bijvoorbeeld bij
            grofvuil dat schuin in de container lag. Na een jaar was 18 procent van de
            sensoren defect. Het aantal ritten daalde met 9 procent, ver onder het doel van
            30 procent, terwijl de meldingen over bijgeplaatst afval gelijk bleven.
        """),
        lessons=md("""
            De businesscase ging uit van een levensduur van vijf jaar per sensor en bijna geen
            onderhoud. In de praktijk vielen sensoren uit door vocht en vandalisme.

            Wat we anders zouden doen: begin met de gegevens die er al zijn. Een analyse van
            de weegdata van de vuilniswagens voorspelde de vulgraad bijna even goed, zonder
            hardware. Die aanpak gebruiken we nu voor de routeplanning.
        """),
        indicators=(
            Indicator("Ritten per week", "aantal", 210, 147, 191),
            Indicator("Defecte sensoren na een jaar", "procent", 0, 5, 18),
            Indicator("Meldingen bijgeplaatst afval", "per maand", 640, 400, 630),
        ),
    ),
)
