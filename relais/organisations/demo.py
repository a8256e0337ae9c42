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
class DemoInterpreter:
    email: str
    full_name: str
    language: str  # preferred language of the interface and emails
    languages: tuple[str, ...]  # ISO 639 codes of the languages interpreted, best first


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

# Languages interpreted, for the language catalogue of a later issue:
# ISO 639 code -> (French, Dutch, English) names.
LANGUAGES: dict[str, tuple[str, str, str]] = {
    "am": ("amharique", "Amhaars", "Amharic"),
    "ar": ("arabe", "Arabisch", "Arabic"),
    "bg": ("bulgare", "Bulgaars", "Bulgarian"),
    "bn": ("bengali", "Bengaals", "Bengali"),
    "es": ("espagnol", "Spaans", "Spanish"),
    "fa": ("persan (farsi)", "Perzisch (Farsi)", "Persian (Farsi)"),
    "hy": ("arménien", "Armeens", "Armenian"),
    "ka": ("géorgien", "Georgisch", "Georgian"),
    "ku": ("kurde", "Koerdisch", "Kurdish"),
    "ln": ("lingala", "Lingala", "Lingala"),
    "pl": ("polonais", "Pools", "Polish"),
    "prs": ("dari", "Dari", "Dari"),
    "ps": ("pachto", "Pasjtoe", "Pashto"),
    "pt": ("portugais", "Portugees", "Portuguese"),
    "ro": ("roumain", "Roemeens", "Romanian"),
    "rom": ("romani", "Romani", "Romani"),
    "ru": ("russe", "Russisch", "Russian"),
    "sk": ("slovaque", "Slowaaks", "Slovak"),
    "so": ("somali", "Somalisch", "Somali"),
    "sq": ("albanais", "Albanees", "Albanian"),
    "ti": ("tigrinya", "Tigrinya", "Tigrinya"),
    "tr": ("turc", "Turks", "Turkish"),
    "tzm": ("tamazight (berbère)", "Tamazight (Berbers)", "Tamazight (Berber)"),
    "uk": ("ukrainien", "Oekraïens", "Ukrainian"),
    "ur": ("ourdou", "Urdu", "Urdu"),
    "vi": ("vietnamien", "Vietnamees", "Vietnamese"),
    "zh": ("chinois (mandarin)", "Chinees (Mandarijn)", "Chinese (Mandarin)"),
}

# Rare languages have few interpreters (three speak Tigrinya, one Vietnamese)
# so that the matching engine has something to explain when they are all busy.
INTERPRETERS: tuple[DemoInterpreter, ...] = (
    DemoInterpreter("interpreter@relais-demo.example", "Samira Haddad", "fr", ("ar", "tzm")),
    DemoInterpreter(
        "tesfay.gebremedhin@relais-demo.example", "Tesfay Gebremedhin", "nl", ("ti", "am")
    ),
    DemoInterpreter(
        "helen.tesfamariam@relais-demo.example", "Helen Tesfamariam", "en", ("ti", "am", "ar")
    ),
    DemoInterpreter("yonas.berhe@relais-demo.example", "Yonas Berhe", "fr", ("ti",)),
    DemoInterpreter("ahmad.rahimi@relais-demo.example", "Ahmad Rahimi", "fr", ("prs", "fa", "ps")),
    DemoInterpreter("gulagha.safi@relais-demo.example", "Gul Agha Safi", "nl", ("ps", "prs", "ur")),
    DemoInterpreter("maryam.hosseini@relais-demo.example", "Maryam Hosseini", "fr", ("fa", "prs")),
    DemoInterpreter("elif.yilmaz@relais-demo.example", "Elif Yılmaz", "nl", ("tr", "ku")),  # noqa: RUF001 - Turkish dotless i
    DemoInterpreter("mehmet.demir@relais-demo.example", "Mehmet Demir", "fr", ("tr",)),
    DemoInterpreter("rojda.aslan@relais-demo.example", "Rojda Aslan", "fr", ("ku", "tr", "ar")),
    DemoInterpreter("ioana.popescu@relais-demo.example", "Ioana Popescu", "fr", ("ro", "es")),
    DemoInterpreter("mihai.ionescu@relais-demo.example", "Mihai Ionescu", "nl", ("ro",)),
    DemoInterpreter(
        "desislava.petrova@relais-demo.example", "Desislava Petrova", "fr", ("bg", "ru")
    ),
    DemoInterpreter(
        "olena.kovalenko@relais-demo.example", "Olena Kovalenko", "nl", ("uk", "ru", "pl")
    ),
    DemoInterpreter(
        "dmytro.shevchenko@relais-demo.example", "Dmytro Shevchenko", "fr", ("uk", "ru")
    ),
    DemoInterpreter("natalia.ivanova@relais-demo.example", "Natalia Ivanova", "en", ("ru", "uk")),
    DemoInterpreter("arben.krasniqi@relais-demo.example", "Arben Krasniqi", "fr", ("sq",)),
    DemoInterpreter("hodan.warsame@relais-demo.example", "Hodan Warsame", "nl", ("so", "ar")),
    DemoInterpreter("abdirahman.farah@relais-demo.example", "Abdirahman Farah", "fr", ("so",)),
    DemoInterpreter(
        "youssef.elamrani@relais-demo.example", "Youssef El Amrani", "fr", ("ar", "tzm")
    ),
    DemoInterpreter(
        "fatimazahra.bensaid@relais-demo.example", "Fatima Zahra Bensaïd", "nl", ("ar",)
    ),
    DemoInterpreter("jeanpierre.mukendi@relais-demo.example", "Jean-Pierre Mukendi", "fr", ("ln",)),
    DemoInterpreter("chantal.mbuyi@relais-demo.example", "Chantal Mbuyi", "fr", ("ln", "pt")),
    DemoInterpreter("lucia.fernandez@relais-demo.example", "Lucía Fernández", "en", ("es", "pt")),
    DemoInterpreter("ana.sousa@relais-demo.example", "Ana Sousa", "fr", ("pt", "es")),
    DemoInterpreter("katarzyna.nowak@relais-demo.example", "Katarzyna Nowak", "nl", ("pl", "ru")),
    DemoInterpreter("marek.balaz@relais-demo.example", "Marek Baláž", "nl", ("sk", "rom")),
    DemoInterpreter("imran.chaudhry@relais-demo.example", "Imran Chaudhry", "en", ("ur",)),
    DemoInterpreter("rafiq.hossain@relais-demo.example", "Rafiq Hossain", "fr", ("bn", "ur")),
    DemoInterpreter("li.wei@relais-demo.example", "Li Wei", "fr", ("zh",)),
    DemoInterpreter("lan.nguyen@relais-demo.example", "Lan Nguyen", "nl", ("vi",)),
    DemoInterpreter("nino.beridze@relais-demo.example", "Nino Beridze", "fr", ("ka", "ru")),
    DemoInterpreter("anahit.grigoryan@relais-demo.example", "Anahit Grigoryan", "fr", ("hy", "ru")),
)

# One easy login per role, printed at the end of every run: (role, email).
LOGINS: tuple[tuple[str, str], ...] = (
    ("requester", "requester@cpas-demo.example"),
    ("organisation manager", "manager@cpas-demo.example"),
    ("interpreter", "interpreter@relais-demo.example"),
    ("coordinator", COORDINATOR.email),
    ("administrator", ADMINISTRATOR.email),
)
