"""Demo data for `manage.py load_demo`: fictional institutions, people and interpreters.

Plain data only, so that later issues (interpreter profiles, the language
catalogue, bookings) can load more of it without touching the command. Every
name and enterprise number is made up; the streets are real Brussels streets so
that the travel estimates between communes look right. Emails use the reserved
`.example` domain: nothing sent by the demo can reach anyone.
"""

from dataclasses import dataclass

from .models import MembershipRole

# One password for every demo account, printed by the command at each run.
# The command refuses to run without DEBUG (or --force) because of it.
DEMO_PASSWORD = "demo-relais-2026"  # noqa: S105 - documented demo password, by design


@dataclass(frozen=True)
class DemoPlace:
    name: str
    street: str
    postcode: str
    commune: str = ""  # empty: the French name, from the postcode
    access_notes: str = ""


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    language: str = "fr"


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    enterprise_number: str
    invoicing_email: str
    language: str
    official_address: DemoPlace  # its name is the institution's name
    places: tuple[DemoPlace, ...]
    members: tuple[tuple[str, MembershipRole], ...]  # (email, role)


@dataclass(frozen=True)
class DemoBillingCode:
    code: str
    label: str
    payer: str  # enterprise number of the paying institution
    organisations: tuple[str, ...]  # enterprise numbers of the institutions that use it


@dataclass(frozen=True)
class DemoAbsence:
    starts_in: int  # days from the day the demo is loaded
    days: int
    kind: str = "holiday"  # an AbsenceKind value


@dataclass(frozen=True)
class DemoInterpreter:
    email: str
    full_name: str
    language: str  # preferred language of the interface and emails
    languages: tuple[str, ...]  # codes of the languages interpreted, native one first
    communes: tuple[str, ...] = ()  # French names; none: remote work only
    week: str = "full_days"  # a key of WEEKS
    max_hours: float = 8
    absences: tuple[DemoAbsence, ...] = ()
    accepts_permanence: bool = True


# --- Institutions -----------------------------------------------------------

CPAS = "0256778893"
AGENCY = "0247360391"
HOSPITAL = "0862345143"
SCHOOL = "0843129047"
ASSOCIATION = "0790135769"

REQUESTER = MembershipRole.REQUESTER
MANAGER = MembershipRole.MANAGER

PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("manager@cpas-demo.example", "Sophie Vandenberghe"),
    DemoPerson("requester@cpas-demo.example", "Karim Benali"),
    DemoPerson("lies.claes@cpas-demo.example", "Lies Claes", "nl"),
    DemoPerson("julie.renard@cpas-demo.example", "Julie Renard"),
    DemoPerson("manager@agence-demo.example", "Pieter De Smet", "nl"),
    DemoPerson("fatou.diallo@agence-demo.example", "Fatou Diallo"),
    DemoPerson("manager@hopital-demo.example", "Isabelle Lambert"),
    DemoPerson("jan.peeters@hopital-demo.example", "Jan Peeters", "nl"),
    DemoPerson("sarah.oconnor@hopital-demo.example", "Sarah O'Connor", "en"),
    # A hospital social worker who also holds a weekly desk at the association:
    # one person, two institutions (DESIGN.md, people and roles).
    DemoPerson("nadia.elidrissi@hopital-demo.example", "Nadia El Idrissi"),
    DemoPerson("manager@school-demo.example", "An Wouters", "nl"),
    DemoPerson("bram.janssens@school-demo.example", "Bram Janssens", "nl"),
    DemoPerson("manager@asbl-demo.example", "Aïcha Bouzid"),
    DemoPerson("thomas.dubois@asbl-demo.example", "Thomas Dubois"),
    DemoPerson("emma.walsh@asbl-demo.example", "Emma Walsh", "en"),
)

ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        name="CPAS du Canal",
        enterprise_number=CPAS,
        invoicing_email="factures@cpas-demo.example",
        language="fr",
        official_address=DemoPlace("", "Chaussée de Gand 95", "1080"),
        places=(
            DemoPlace(
                "Antenne sociale Basilique",
                "Avenue de la Basilique 6",
                "1081",
                access_notes="Entrée par la cour, 1er étage. Sonner « Service social ».",
            ),
            DemoPlace("Maison d'accueil Les Tamaris", "Rue de Grand-Bigard 14", "1082"),
            DemoPlace(
                "Logements de transit",
                "Avenue Charles-Quint 420",
                "1083",
                access_notes="Rendez-vous à la loge du concierge, bâtiment B.",
            ),
        ),
        members=(
            ("manager@cpas-demo.example", MANAGER),
            ("requester@cpas-demo.example", REQUESTER),
            ("lies.claes@cpas-demo.example", REQUESTER),
            ("julie.renard@cpas-demo.example", REQUESTER),
        ),
    ),
    DemoOrganisation(
        name="Agence régionale pour l'Accueil et l'Intégration",
        enterprise_number=AGENCY,
        invoicing_email="facturation@agence-demo.example",
        language="fr",
        official_address=DemoPlace("", "Chaussée de Louvain 120", "1210"),
        places=(
            DemoPlace("Bureau d'accueil Nord", "Rue Marie-Christine 52", "1020"),
            DemoPlace(
                "Bureau d'accueil Centre",
                "Rue des Champs 64",
                "1040",
                access_notes="Accès PMR par la rampe à gauche de l'entrée.",
            ),
            DemoPlace("Bureau d'accueil Est", "Rue Félix Poels 18", "1150"),
        ),
        members=(
            ("manager@agence-demo.example", MANAGER),
            ("fatou.diallo@agence-demo.example", REQUESTER),
        ),
    ),
    DemoOrganisation(
        name="Hôpital universitaire des Deux Rives",
        enterprise_number=HOSPITAL,
        invoicing_email="comptabilite@hopital-demo.example",
        language="fr",
        official_address=DemoPlace("", "Boulevard Sylvain Dupuis 241", "1070"),
        places=(
            DemoPlace(
                "Polyclinique de Jette",
                "Rue Léon Théodor 150",
                "1090",
                access_notes="Route 42, accueil du service social au rez-de-chaussée.",
            ),
            DemoPlace("Centre de revalidation Rouge-Cloître", "Chaussée de Wavre 1650", "1160"),
            DemoPlace(
                "Maternité de Forest",
                "Chaussée de Neerstalle 322",
                "1190",
                access_notes=(
                    "Parking visiteurs payant ; se présenter au 3e étage, salle de naissance."
                ),
            ),
        ),
        members=(
            ("manager@hopital-demo.example", MANAGER),
            ("jan.peeters@hopital-demo.example", REQUESTER),
            ("sarah.oconnor@hopital-demo.example", REQUESTER),
            ("nadia.elidrissi@hopital-demo.example", REQUESTER),
        ),
    ),
    DemoOrganisation(
        name="Basisschool De Vlieger",
        enterprise_number=SCHOOL,
        invoicing_email="boekhouding@school-demo.example",
        language="nl",
        # A Dutch-speaking school writes its addresses in Dutch.
        official_address=DemoPlace("", "Josafatstraat 45", "1030", "Schaarbeek"),
        places=(
            DemoPlace(
                "Kleuterschool De Vlieger",
                "Henri Consciencelaan 60",
                "1140",
                "Evere",
                access_notes="Ingang via de speelplaats; meld je aan bij het secretariaat.",
            ),
            DemoPlace(
                "Sporthal De Vlieger",
                "Paul Hymanslaan 90",
                "1200",
                "Sint-Lambrechts-Woluwe",
            ),
        ),
        members=(
            ("manager@school-demo.example", MANAGER),
            ("bram.janssens@school-demo.example", REQUESTER),
        ),
    ),
    DemoOrganisation(
        name="Horizon Entraide asbl",
        enterprise_number=ASSOCIATION,
        invoicing_email="tresorerie@asbl-demo.example",
        language="fr",
        official_address=DemoPlace("", "Chaussée de Waterloo 180", "1060"),
        places=(
            DemoPlace(
                "Permanence Flagey",
                "Chaussée d'Ixelles 227",
                "1050",
                access_notes=(
                    "2e étage sans ascenseur ; prévenir si la personne ne peut pas monter."
                ),
            ),
            DemoPlace("Espace femmes Uccle", "Rue Beeckman 45", "1180"),
            DemoPlace("Potager collectif Keym", "Place Keym 3", "1170"),
        ),
        members=(
            ("manager@asbl-demo.example", MANAGER),
            ("thomas.dubois@asbl-demo.example", REQUESTER),
            ("emma.walsh@asbl-demo.example", REQUESTER),
            ("nadia.elidrissi@hopital-demo.example", REQUESTER),
        ),
    ),
)

# The CPAS books under two codes: its own social service, which it pays, and
# the newcomers' programme, which the regional agency pays (the seed: "plusieurs
# codes suivant les institutions qui prennent en charge les frais").
BILLING_CODES: tuple[DemoBillingCode, ...] = (
    DemoBillingCode("CANAL-SOC", "Service social général", payer=CPAS, organisations=(CPAS,)),
    DemoBillingCode(
        "ARAI-PRIMO",
        "Parcours d'accueil des primo-arrivants",
        payer=AGENCY,
        organisations=(CPAS, AGENCY, ASSOCIATION),
    ),
    DemoBillingCode(
        "HDR-CONSULT",
        "Consultations et hospitalisations",
        payer=HOSPITAL,
        organisations=(HOSPITAL,),
    ),
    DemoBillingCode("VLIEGER-OUDERS", "Oudercontacten", payer=SCHOOL, organisations=(SCHOOL,)),
    DemoBillingCode(
        "HORIZON-PERM", "Permanences sociales", payer=ASSOCIATION, organisations=(ASSOCIATION,)
    ),
)

# --- The service's own people -------------------------------------------------

COORDINATOR = DemoPerson("coordinator@relais-demo.example", "Chloé Martin")
ADMINISTRATOR = DemoPerson("admin@relais-demo.example", "Nicolas Lemaire")

# The language catalogue: codes whose names come from CLDR (Babel)...
LANGUAGES: tuple[str, ...] = (
    "am", "ar", "ar-MA", "bg", "bn", "es", "fa", "hy", "ka", "ku", "ln", "pl", "prs", "ps",
    "pt", "ro", "rom", "ru", "sk", "so", "sq", "ti", "tr", "tzm", "uk", "ur", "vi", "zh",
)  # fmt: skip
# ... except where CLDR has no name (Dari, dialects) or not the one the service's
# clients use: (French, Dutch, English).
LANGUAGE_NAMES: dict[str, tuple[str, str, str]] = {
    "ar-MA": (
        "Arabe marocain (darija)",
        "Marokkaans Arabisch (Darija)",
        "Moroccan Arabic (Darija)",
    ),
    "bn": ("Bengali", "Bengaals", "Bengali"),
    "fa": ("Persan (farsi)", "Perzisch (Farsi)", "Persian (Farsi)"),
    "prs": ("Dari", "Dari", "Dari"),
    "rom": ("Romani", "Romani", "Romani"),
    "tzm": ("Tamazight (berbère)", "Tamazight (Berbers)", "Tamazight (Berber)"),
    "zh": ("Chinois (mandarin)", "Chinees (Mandarijn)", "Chinese (Mandarin)"),
}

# Weekly availability patterns: (weekday 0 = Monday, from, until), Brussels time.
WORKING_DAYS = range(5)
WEEKS: dict[str, tuple[tuple[int, str, str], ...]] = {
    "full_days": tuple((day, "08:00", "18:00") for day in WORKING_DAYS),
    "mornings": tuple((day, "08:00", "12:30") for day in WORKING_DAYS),
    "afternoons": tuple((day, "12:30", "19:00") for day in WORKING_DAYS),
    "with_saturday": (
        *((day, "09:00", "17:00") for day in (0, 1, 3, 4)),
        (5, "09:00", "13:00"),
    ),
    "split": tuple(
        window
        for day in WORKING_DAYS
        for window in ((day, "08:30", "12:00"), (day, "14:00", "18:00"))
    ),
    "part_time": tuple((day, "09:00", "17:00") for day in (0, 2, 4)),
    "late": (*((day, "13:00", "20:00") for day in (1, 2, 3)), (5, "10:00", "14:00")),
}

# Neighbouring communes, for on-site work.
WEST = ("Anderlecht", "Molenbeek-Saint-Jean", "Koekelberg", "Berchem-Sainte-Agathe")
NORTH_WEST = ("Jette", "Ganshoren", "Koekelberg", "Molenbeek-Saint-Jean")
NORTH = ("Schaerbeek", "Saint-Josse-ten-Noode", "Evere", "Bruxelles")
CENTRE = ("Bruxelles", "Saint-Gilles", "Ixelles", "Etterbeek")
SOUTH = ("Forest", "Uccle", "Saint-Gilles", "Watermael-Boitsfort")
EAST = ("Woluwe-Saint-Lambert", "Woluwe-Saint-Pierre", "Auderghem", "Etterbeek")


def _wider(*areas: tuple[str, ...]) -> tuple[str, ...]:
    """Some interpreters of the languages most asked travel across two areas."""
    return tuple(dict.fromkeys(commune for area in areas for commune in area))


HOLIDAY = "holiday"
SICKNESS = "sickness"
TRAINING = "training"

# Rare languages have few interpreters (three speak Tigrinya, one Vietnamese)
# so that the matching engine has something to explain when they are all busy.
# Most work on site and remotely; those without communes work remotely only.
INTERPRETERS: tuple[DemoInterpreter, ...] = (
    DemoInterpreter(
        "interpreter@relais-demo.example", "Samira Haddad", "fr", ("ar", "ar-MA", "tzm"),
        communes=WEST, week="with_saturday", max_hours=7,
        absences=(DemoAbsence(9, 1, TRAINING), DemoAbsence(24, 5, HOLIDAY)),
    ),
    DemoInterpreter(
        "tesfay.gebremedhin@relais-demo.example", "Tesfay Gebremedhin", "nl", ("ti", "am"),
        communes=_wider(NORTH, NORTH_WEST), week="full_days",
    ),
    DemoInterpreter(
        "helen.tesfamariam@relais-demo.example", "Helen Tesfamariam", "en", ("ti", "am", "ar"),
        week="mornings", max_hours=4, absences=(DemoAbsence(3, 2, SICKNESS),),
        accepts_permanence=False,
    ),
    DemoInterpreter(
        "yonas.berhe@relais-demo.example", "Yonas Berhe", "fr", ("ti",),
        communes=CENTRE, week="afternoons",
    ),
    DemoInterpreter(
        "ahmad.rahimi@relais-demo.example", "Ahmad Rahimi", "fr", ("prs", "fa", "ps"),
        communes=NORTH, week="split", absences=(DemoAbsence(14, 10, HOLIDAY),),
    ),
    DemoInterpreter(
        "gulagha.safi@relais-demo.example", "Gul Agha Safi", "nl", ("ps", "prs", "ur"),
        communes=NORTH_WEST, week="late", max_hours=6,
    ),
    DemoInterpreter(
        "maryam.hosseini@relais-demo.example", "Maryam Hosseini", "fr", ("fa", "prs"),
        week="full_days", accepts_permanence=False,
    ),
    DemoInterpreter(
        "elif.yilmaz@relais-demo.example", "Elif Yılmaz", "nl", ("tr", "ku"),  # noqa: RUF001 - Turkish dotless i
        communes=NORTH, week="mornings", max_hours=5,
    ),
    DemoInterpreter(
        "mehmet.demir@relais-demo.example", "Mehmet Demir", "fr", ("tr",),
        communes=_wider(NORTH, WEST), week="full_days", absences=(DemoAbsence(6, 3, HOLIDAY),),
    ),
    DemoInterpreter(
        "rojda.aslan@relais-demo.example", "Rojda Aslan", "fr", ("ku", "tr", "ar"),
        communes=CENTRE, week="with_saturday",
    ),
    DemoInterpreter(
        "ioana.popescu@relais-demo.example", "Ioana Popescu", "fr", ("ro", "es"),
        communes=WEST, week="split",
    ),
    DemoInterpreter(
        "mihai.ionescu@relais-demo.example", "Mihai Ionescu", "nl", ("ro",),
        communes=NORTH_WEST, week="part_time", absences=(DemoAbsence(20, 7, HOLIDAY),),
    ),
    DemoInterpreter(
        "desislava.petrova@relais-demo.example", "Desislava Petrova", "fr", ("bg", "ru"),
        week="afternoons", max_hours=5,
    ),
    DemoInterpreter(
        "olena.kovalenko@relais-demo.example", "Olena Kovalenko", "nl", ("uk", "ru", "pl"),
        communes=_wider(EAST, CENTRE), week="full_days",
    ),
    DemoInterpreter(
        "dmytro.shevchenko@relais-demo.example", "Dmytro Shevchenko", "fr", ("uk", "ru"),
        communes=_wider(SOUTH, WEST), week="late", absences=(DemoAbsence(2, 1, SICKNESS),),
    ),
    DemoInterpreter(
        "natalia.ivanova@relais-demo.example", "Natalia Ivanova", "en", ("ru", "uk"),
        week="mornings", accepts_permanence=False,
    ),
    DemoInterpreter(
        "arben.krasniqi@relais-demo.example", "Arben Krasniqi", "fr", ("sq",),
        communes=WEST, week="full_days",
    ),
    DemoInterpreter(
        "hodan.warsame@relais-demo.example", "Hodan Warsame", "nl", ("so", "ar"),
        communes=NORTH, week="part_time",
    ),
    DemoInterpreter(
        "abdirahman.farah@relais-demo.example", "Abdirahman Farah", "fr", ("so",),
        communes=_wider(CENTRE, WEST), week="afternoons", absences=(DemoAbsence(10, 14, HOLIDAY),),
    ),
    DemoInterpreter(
        "youssef.elamrani@relais-demo.example", "Youssef El Amrani", "fr", ("ar", "ar-MA", "tzm"),
        communes=WEST, week="full_days", max_hours=9,
    ),
    DemoInterpreter(
        "fatimazahra.bensaid@relais-demo.example", "Fatima Zahra Bensaïd", "nl", ("ar",),
        communes=NORTH_WEST, week="mornings",
    ),
    DemoInterpreter(
        "jeanpierre.mukendi@relais-demo.example", "Jean-Pierre Mukendi", "fr", ("ln",),
        communes=SOUTH, week="with_saturday",
    ),
    DemoInterpreter(
        "chantal.mbuyi@relais-demo.example", "Chantal Mbuyi", "fr", ("ln", "pt"),
        communes=CENTRE, week="split", absences=(DemoAbsence(16, 2, TRAINING),),
    ),
    DemoInterpreter(
        "lucia.fernandez@relais-demo.example", "Lucía Fernández", "en", ("es", "pt"),
        week="afternoons", max_hours=6,
    ),
    DemoInterpreter(
        "ana.sousa@relais-demo.example", "Ana Sousa", "fr", ("pt", "es"),
        communes=SOUTH, week="full_days",
    ),
    DemoInterpreter(
        "katarzyna.nowak@relais-demo.example", "Katarzyna Nowak", "nl", ("pl", "ru"),
        communes=EAST, week="part_time",
    ),
    DemoInterpreter(
        "marek.balaz@relais-demo.example", "Marek Baláž", "nl", ("sk", "rom"),
        communes=WEST, week="late",
    ),
    DemoInterpreter(
        "imran.chaudhry@relais-demo.example", "Imran Chaudhry", "en", ("ur",),
        week="full_days", accepts_permanence=False,
    ),
    DemoInterpreter(
        "rafiq.hossain@relais-demo.example", "Rafiq Hossain", "fr", ("bn", "ur"),
        communes=NORTH, week="mornings",
    ),
    DemoInterpreter(
        "li.wei@relais-demo.example", "Li Wei", "fr", ("zh",),
        communes=CENTRE, week="part_time", absences=(DemoAbsence(27, 12, HOLIDAY),),
    ),
    DemoInterpreter(
        "lan.nguyen@relais-demo.example", "Lan Nguyen", "nl", ("vi",),
        communes=EAST, week="afternoons",
    ),
    DemoInterpreter(
        "nino.beridze@relais-demo.example", "Nino Beridze", "fr", ("ka", "ru"),
        communes=SOUTH, week="split",
    ),
    DemoInterpreter(
        "anahit.grigoryan@relais-demo.example", "Anahit Grigoryan", "fr", ("hy", "ru"),
        week="with_saturday", max_hours=6,
    ),
)  # fmt: skip


@dataclass(frozen=True)
class DemoRequest:
    """A request of the coming working days, submitted through the services.

    Found again by its internal reference; ``working_days`` counts open days
    after the day the demo is loaded; ``outcome`` is "received" (a hold for
    the queue), "confirmed" or "waitlisted".
    """

    reference: str
    organisation: str
    contact: str
    billing_code: str
    modality: str
    language: str
    working_days: int
    at: str
    minutes: int
    outcome: str = "received"
    submitted_hours_ago: int = 1
    note: str = ""


VIDEO_LINK = "https://meet.relais-demo.example/"
DEMO_REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest("DEMO-001", CPAS, "requester@cpas-demo.example", "CANAL-SOC", "video", "ar",
                2, "10:00", 60, submitted_hours_ago=26),
    DemoRequest("DEMO-002", HOSPITAL, "jan.peeters@hopital-demo.example", "HDR-CONSULT", "phone",
                "ti", 1, "14:00", 45, submitted_hours_ago=20),
    DemoRequest("DEMO-003", ASSOCIATION, "thomas.dubois@asbl-demo.example", "HORIZON-PERM",
                "video", "ru", 3, "09:00", 90, submitted_hours_ago=5),
    DemoRequest("DEMO-004", CPAS, "requester@cpas-demo.example", "ARAI-PRIMO", "on_site", "ar",
                4, "10:00", 60, submitted_hours_ago=2,
                note="Entrée par la cour, deuxième étage."),
    DemoRequest("DEMO-005", SCHOOL, "bram.janssens@school-demo.example", "VLIEGER-OUDERS",
                "video", "ar", 2, "14:00", 60, outcome="confirmed", submitted_hours_ago=48),
    DemoRequest("DEMO-006", AGENCY, "fatou.diallo@agence-demo.example", "ARAI-PRIMO", "video",
                "vi", 1, "10:00", 60, outcome="waitlisted", submitted_hours_ago=30),
    # The coming weeks: more for the queue, in languages many interpreters speak...
    DemoRequest("DEMO-007", CPAS, "lies.claes@cpas-demo.example", "CANAL-SOC", "video", "prs",
                6, "10:00", 60, submitted_hours_ago=30),
    DemoRequest("DEMO-008", HOSPITAL, "sarah.oconnor@hopital-demo.example", "HDR-CONSULT",
                "phone", "ru", 8, "11:00", 30, submitted_hours_ago=50),
    DemoRequest("DEMO-009", AGENCY, "fatou.diallo@agence-demo.example", "ARAI-PRIMO", "video",
                "uk", 10, "09:30", 60, submitted_hours_ago=4),
    DemoRequest("DEMO-010", SCHOOL, "manager@school-demo.example", "VLIEGER-OUDERS", "on_site",
                "tr", 12, "15:30", 60, submitted_hours_ago=22),
    DemoRequest("DEMO-011", ASSOCIATION, "emma.walsh@asbl-demo.example", "ARAI-PRIMO", "video",
                "ar", 15, "10:00", 90, submitted_hours_ago=3),
    # ... and waiting ones, at hours when none of their few interpreters works,
    # so that the waiting list's sweep leaves them waiting.
    DemoRequest("DEMO-012", AGENCY, "manager@agence-demo.example", "ARAI-PRIMO", "video", "rom",
                7, "10:00", 60, outcome="waitlisted", submitted_hours_ago=75),
    DemoRequest("DEMO-013", HOSPITAL, "nadia.elidrissi@hopital-demo.example", "HDR-CONSULT",
                "phone", "hy", 9, "08:00", 45, outcome="waitlisted", submitted_hours_ago=28),
    DemoRequest("DEMO-014", CPAS, "julie.renard@cpas-demo.example", "ARAI-PRIMO", "video", "tzm",
                11, "18:00", 60, outcome="waitlisted", submitted_hours_ago=6),
    DemoRequest("DEMO-015", ASSOCIATION, "thomas.dubois@asbl-demo.example", "ARAI-PRIMO",
                "video", "ti", 13, "18:30", 60, outcome="waitlisted", submitted_hours_ago=2),
)  # fmt: skip


@dataclass(frozen=True)
class DemoRecord:
    """A service of the last working days, in one state of its record: the
    loop of the "Validation" tab. ``working_days_ago`` counts open days back
    from today; ``state`` is "missing" (not recorded), "draft", "submitted"
    (awaiting the institution), "contested", "validated" or "automatic"
    (validated after the delay)."""

    reference: str
    organisation: str
    contact: str
    billing_code: str
    modality: str
    language: str
    working_days_ago: int
    at: str
    minutes: int
    state: str


# All by the demo interpreter, so that their portal shows what to record.
DEMO_RECORDS: tuple[DemoRecord, ...] = (
    DemoRecord("DEMO-R01", CPAS, "requester@cpas-demo.example", "CANAL-SOC", "on_site", "ar",
               1, "09:00", 60, "missing"),
    DemoRecord("DEMO-R02", CPAS, "requester@cpas-demo.example", "CANAL-SOC", "video", "ar",
               1, "14:00", 45, "draft"),
    DemoRecord("DEMO-R03", CPAS, "requester@cpas-demo.example", "ARAI-PRIMO", "on_site", "ar",
               2, "10:00", 90, "submitted"),
    DemoRecord("DEMO-R04", CPAS, "requester@cpas-demo.example", "CANAL-SOC", "phone", "ar",
               2, "15:00", 30, "contested"),
    DemoRecord("DEMO-R05", CPAS, "requester@cpas-demo.example", "CANAL-SOC", "video", "ar-MA",
               3, "11:00", 60, "validated"),
    DemoRecord("DEMO-R06", CPAS, "requester@cpas-demo.example", "ARAI-PRIMO", "on_site", "ar",
               5, "09:30", 60, "automatic"),
)  # fmt: skip

# One easy login per role, printed at the end of every run: (role, email).
LOGINS: tuple[tuple[str, str], ...] = (
    ("requester", "requester@cpas-demo.example"),
    ("organisation manager", "manager@cpas-demo.example"),
    ("interpreter", "interpreter@relais-demo.example"),
    ("coordinator", COORDINATOR.email),
    ("administrator", ADMINISTRATOR.email),
)


# --- A year of history ----------------------------------------------------------
# Past requests for the overview tabs (All requests, statistics): planned from a
# seeded generator (``demo_history.py``), so every load gives the same year,
# counted back from the day it is loaded. Found again by their reference prefix.

HISTORY_PREFIX = "DEMO-H"
HISTORY_SEED = 2026
HISTORY_REQUESTS = 560
HISTORY_DAYS = 365
# The last days before today belong to DEMO_RECORDS: records still in progress.
HISTORY_QUIET_DAYS = 6

# Who books how much: the CPAS and the hospital most, the school least.
HISTORY_ORGANISATIONS: dict[str, int] = {
    CPAS: 30, HOSPITAL: 26, ASSOCIATION: 18, AGENCY: 16, SCHOOL: 10,
}  # fmt: skip
# Each institution's types of service (Modality values) and billing codes, by weight.
HISTORY_MODALITIES: dict[str, dict[str, int]] = {
    CPAS: {"on_site": 55, "video": 18, "phone": 17, "permanence": 10},
    HOSPITAL: {"on_site": 58, "phone": 27, "video": 15},
    ASSOCIATION: {"on_site": 38, "permanence": 35, "video": 15, "phone": 12},
    AGENCY: {"on_site": 50, "video": 32, "phone": 18},
    SCHOOL: {"on_site": 70, "video": 30},
}
# Asked on site where no interpreter of the language travels, a request goes by
# video instead (demo_history.py), as the engine proposes.
HISTORY_CODES: dict[str, dict[str, int]] = {
    CPAS: {"CANAL-SOC": 3, "ARAI-PRIMO": 2},
    ASSOCIATION: {"HORIZON-PERM": 3, "ARAI-PRIMO": 2},
}  # the others book under their one code
# Standing shifts are the association's own business, under its own code.
PERMANENCE_CODES: dict[str, str] = {ASSOCIATION: "HORIZON-PERM"}

# The languages asked, by weight: what a Brussels social interpreting service hears most.
HISTORY_LANGUAGES: dict[str, int] = {
    "ar": 16, "prs": 10, "ti": 9, "ru": 8, "ps": 7, "ro": 7, "tr": 7, "so": 6,
    "uk": 5, "ar-MA": 5, "fa": 3, "ku": 3, "bg": 2, "am": 2, "sq": 2, "ln": 2, "pt": 2,
    "rom": 2, "ur": 2, "vi": 2, "es": 1, "pl": 1, "sk": 1, "bn": 1, "zh": 1, "ka": 1,
    "hy": 1, "tzm": 1,
}  # fmt: skip
# Requests left unfilled, by language: few interpreters, so unmet demand
# concentrates there (the statistics' "unmet demand by language").
HISTORY_UNFILLED: dict[str, float] = {
    "vi": 0.45, "tzm": 0.4, "rom": 0.4, "hy": 0.35, "ti": 0.3, "ka": 0.3, "ps": 0.25,
    "am": 0.2, "so": 0.12,
}  # fmt: skip
HISTORY_UNFILLED_ELSEWHERE = 0.015

# Durations in minutes, each listed as often as it is asked.
HISTORY_DURATIONS: dict[str, tuple[int, ...]] = {
    "on_site": (45, 60, 60, 60, 90, 90, 120),
    "video": (30, 45, 60, 60, 90),
    "phone": (15, 30, 30, 30, 45),
    "permanence": (120, 180, 180, 240),
}
# Days between the request and its service (1-30), by weight: most a week or two ahead.
HISTORY_LEAD_DAYS: dict[int, int] = {
    1: 4, 2: 6, 3: 8, 4: 8, 5: 8, 6: 7, 7: 7, 8: 6, 9: 5, 10: 5, 11: 4, 12: 4, 13: 3, 14: 3,
    15: 3, 16: 2, 17: 2, 18: 2, 19: 2, 20: 2, 21: 2, 22: 1, 23: 1, 24: 1, 25: 1, 26: 1,
    27: 1, 28: 1, 29: 1, 30: 1,
}  # fmt: skip

# What becomes of the requests that find an interpreter (shares).
HISTORY_DECLINED = 0.02
HISTORY_CANCELLED = 0.11
HISTORY_LATE = 0.3  # of the cancellations, once confirmed
HISTORY_WITHDRAWN = 0.03  # the interpreter withdrew, another one took over
HISTORY_FROM_WAITLIST = 0.04  # waited, then an interpreter became available
HISTORY_CHANGED = 0.04  # the institution changed the duration, the interpreter stayed
# ... and of their records.
HISTORY_NOT_PERFORMED = 0.03  # the person did not come
HISTORY_CONTESTED = 0.04  # contested, then resolved by the operations team
# Nobody answered: validated after the delay (and whenever a weekend ran the delay out).
HISTORY_AUTOMATIC = 0.06

# Free texts of the history, in the writer's language.
HISTORY_CANCEL_REASONS: dict[str, tuple[str, ...]] = {
    "fr": (
        "Le rendez-vous est reporté.",
        "La personne a trouvé un proche pour traduire.",
        "L'entretien a été annulé par le service.",
        "La personne a déménagé hors de Bruxelles.",
        "Rendez-vous fixé par erreur, nous en reprendrons un autre.",
    ),
    "nl": (
        "De afspraak wordt uitgesteld.",
        "Het gesprek werd door de dienst geannuleerd.",
        "De ouders kunnen die dag niet komen.",
    ),
    "en": (
        "The appointment was postponed.",
        "The consultation was cancelled by the ward.",
    ),
}
HISTORY_LATE_REASONS: dict[str, tuple[str, ...]] = {
    "fr": (
        "La personne vient de nous prévenir qu'elle est malade.",
        "Le médecin est absent aujourd'hui.",
        "La personne ne se présentera pas.",
    ),
    "nl": ("De ouders hebben vanochtend afgezegd.",),
    "en": ("The patient was discharged this morning.",),
}
HISTORY_DECLINE_REASONS: tuple[str, ...] = (
    "Il s'agit d'une traduction écrite : nous vous transmettons l'adresse du service de "
    "traduction.",
    "Le lieu est en dehors de la zone desservie : demande transmise au service partenaire.",
    "Demande en double : l'autre demande du même jour est maintenue.",
)
HISTORY_WITHDRAW_REASONS: dict[str, tuple[str, ...]] = {
    "fr": ("Je suis malade.", "Urgence familiale, je ne peux pas assurer ce rendez-vous."),
    "nl": ("Ik ben ziek.", "Familiale noodsituatie."),
    "en": ("I am ill.", "A family emergency."),
}
HISTORY_CONTEST_REASONS: dict[str, tuple[str, ...]] = {
    "fr": (
        "L'entretien s'est terminé à l'heure prévue.",
        "L'interprète est parti avant la fin annoncée.",
    ),
    "nl": ("Het gesprek eindigde op het voorziene uur.",),
    "en": ("The consultation ended on time.",),
}
HISTORY_RESOLUTION = "Vérifié auprès des deux parties : l'heure de fin proposée est retenue."
HISTORY_NOT_PERFORMED_COMMENT: dict[str, str] = {
    "fr": "Attendu 30 minutes, personne n'est venu.",
    "nl": "30 minuten gewacht, niemand kwam opdagen.",
    "en": "Waited 30 minutes, nobody came.",
}
