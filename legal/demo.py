"""Example texts for the legal pages (`make run` only, via seed_demo).

Every text is marked as an example (is_example=True, and the text says so) and
names the facts the project office must complete; none pretends to be the
real legal text.
"""

import datetime

from .models import AccessibilityStatement, LegalSection

K = LegalSection.Key

# From the State of Brandenburg's pages (the example says to check them before publishing).
ENFORCEMENT_URL = (
    "https://msgiv.brandenburg.de/msgiv/de/beauftragte/landesbehindertenbeauftragte/"
    "durchsetzungsstelle"
)
ENFORCEMENT_EMAIL = "durchsetzung.BIT@msgiv.brandenburg.de"

EXAMPLES: dict[str, tuple[str, str]] = {
    K.IMPRINT_PROVIDER: (
        "**[Beispiel – vom Projektbüro zu prüfen]**\n\n"
        "Landeshauptstadt Potsdam, Körperschaft des öffentlichen Rechts  \n"
        "Bereich Smart City / Projektbüro Regio.hub  \n"
        "Anschrift: *vom Projektbüro einzutragen (Straße, Hausnummer, PLZ, Ort)*",
        "**[Example – to be checked by the project office]**\n\n"
        "City of Potsdam (Landeshauptstadt Potsdam), a public-law corporation  \n"
        "Smart City / Regio.hub project office  \n"
        "Address: *to be entered by the project office (street, number, postcode, town)*",
    ),
    K.IMPRINT_REPRESENTATIVE: (
        "**[Beispiel]** Vertreten durch den Oberbürgermeister bzw. die Oberbürgermeisterin "
        "der Landeshauptstadt Potsdam. *Name vom Projektbüro einzutragen.*",
        "**[Example]** Represented by the Lord Mayor of the City of Potsdam. "
        "*Name to be entered by the project office.*",
    ),
    K.IMPRINT_CONTACT: (
        "**[Beispiel]** E-Mail und Telefonnummer des Projektbüros: "
        "*vom Projektbüro einzutragen* (eine schnelle elektronische Kontaktaufnahme "
        "muss möglich sein, § 5 Abs. 1 Nr. 2 DDG).",
        "**[Example]** E-mail address and telephone number of the project office: "
        "*to be entered by the project office* (§ 5 (1) no. 2 DDG requires a quick "
        "electronic contact).",
    ),
    K.IMPRINT_AUTHORITY: (
        "**[Beispiel]** Zuständige Aufsichtsbehörde (Kommunalaufsicht) und, falls vorhanden, "
        "Umsatzsteuer-Identifikationsnummer nach § 27a UStG: *vom Projektbüro zu prüfen und "
        "einzutragen.*",
        "**[Example]** The competent supervisory authority and, if there is one, the VAT "
        "identification number (§ 27a UStG): *to be checked and entered by the project office.*",
    ),
    K.IMPRINT_EDITORIAL: (
        "**[Beispiel]** *Name und Anschrift der verantwortlichen Person im Projektbüro – vom "
        "Projektbüro einzutragen.*",
        "**[Example]** *Name and address of the responsible person in the project office – to "
        "be entered by the project office.*",
    ),
    K.PRIVACY_CONTROLLER: (
        "**[Beispiel]** Verantwortlich ist die Landeshauptstadt Potsdam (Projektbüro "
        "Regio.hub). *Anschrift und Kontaktdaten vom Projektbüro einzutragen.*",
        "**[Example]** The controller is the City of Potsdam (Regio.hub project office). "
        "*Address and contact details to be entered by the project office.*",
    ),
    K.PRIVACY_DPO: (
        "**[Beispiel]** *Kontaktdaten der oder des behördlichen Datenschutzbeauftragten der "
        "Landeshauptstadt Potsdam – vom Projektbüro einzutragen.*",
        "**[Example]** *Contact details of the data protection officer of the City of Potsdam "
        "– to be entered by the project office.*",
    ),
    K.PRIVACY_PROCESSING: (
        "**[Beispiel – vom Projektbüro mit dem Betrieb abzustimmen]**\n\n"
        "- **Aufruf der Seiten:** Der Server verarbeitet die IP-Adresse, Zeitpunkt und "
        "aufgerufene Adresse, um die Seiten auszuliefern und Angriffe abzuwehren. "
        "*Speicherdauer der Protokolle und Hosting-Dienstleister einzutragen.*\n"
        "- **Konten der Partner-Mitarbeitenden:** Name, E-Mail, Funktion, Telefon und "
        "Zugehörigkeit zum Partner, zur Zusammenarbeit im Regio.hub (Art. 6 Abs. 1 lit. e "
        "DSGVO). *Rechtsgrundlage und Löschfristen prüfen.*\n"
        "- **Barrieremeldungen:** Text der Meldung und freiwillig die E-Mail-Adresse, um die "
        "Barriere zu beseitigen und zu antworten. *Aufbewahrungsdauer festlegen.*\n"
        "- **Empfänger:** *Auftragsverarbeiter (z. B. Rechenzentrum, E-Mail-Versand) "
        "eintragen.*",
        "**[Example – to be agreed between the project office and the operator]**\n\n"
        "- **Visiting pages:** the server processes the IP address, time and requested address "
        "to deliver the pages and fend off attacks. *Enter how long logs are kept and the "
        "hosting provider.*\n"
        "- **Accounts of partner staff:** name, e-mail, function, telephone and partner, for "
        "the cooperation in the Regio.hub (Art. 6 (1) (e) GDPR). *Check the legal basis and "
        "deletion periods.*\n"
        "- **Barrier reports:** the text of the report and, optionally, the e-mail address, "
        "to remove the barrier and to answer. *Decide how long reports are kept.*\n"
        "- **Recipients:** *enter the processors (e.g. data centre, e-mail delivery).*",
    ),
    K.PRIVACY_AUTHORITY: (
        "**[Beispiel]** Zuständig ist die Landesbeauftragte für den Datenschutz und für das "
        "Recht auf Akteneinsicht Brandenburg. *Anschrift und Website vom Projektbüro zu "
        "prüfen und einzutragen.*",
        "**[Example]** The competent authority is the Brandenburg Commissioner for Data "
        "Protection and Access to Information. *Address and website to be checked and "
        "entered by the project office.*",
    ),
    K.ACCESSIBILITY_GAPS: (
        "**[Beispiel – vom Projektbüro nach einer Prüfung zu ersetzen]**\n\n"
        "- Hochgeladene PDF-Dokumente der Partner (z. B. unterzeichnete "
        "Absichtserklärungen) sind nicht immer barrierefrei. *Alternative angeben, z. B. "
        "Zusendung auf Anfrage.*\n"
        "- *Weitere bekannte Mängel mit Begründung (unverhältnismäßige Belastung oder nicht "
        "in den Anwendungsbereich fallend) eintragen.*",
        "**[Example – to be replaced by the project office after an assessment]**\n\n"
        "- PDF documents uploaded by partners (e.g. signed letters of intent) are not always "
        "accessible. *State an alternative, e.g. sending the content on request.*\n"
        "- *Enter further known gaps with the reason (disproportionate burden or outside the "
        "scope).*",
    ),
    K.ACCESSIBILITY_ENFORCEMENT: (
        "**[Beispiel – Kontaktdaten vom Projektbüro zu prüfen]**\n\n"
        "Durchsetzungsstelle für digitale Barrierefreiheit bei der Landesbeauftragten für die "
        "Belange der Menschen mit Behinderungen des Landes Brandenburg\n\n"
        "- Website: [Durchsetzungsstelle für digitale Barrierefreiheit]"
        f"({ENFORCEMENT_URL})\n"
        f"- E-Mail: <{ENFORCEMENT_EMAIL}>\n\n"
        "*Website und E-Mail stammen von den Seiten des Landes Brandenburg; vor der "
        "Veröffentlichung prüfen (der Zuschnitt der Ministerien kann sich ändern) und die "
        "Postanschrift ergänzen.*",
        "**[Example – contact details to be checked by the project office]**\n\n"
        "Enforcement body for digital accessibility at the Brandenburg State Commissioner for "
        "the Concerns of People with Disabilities\n\n"
        f"- Website: [the enforcement body's page (in German)]({ENFORCEMENT_URL})\n"
        f"- E-mail: <{ENFORCEMENT_EMAIL}>\n\n"
        "*Website and e-mail are taken from the State of Brandenburg's pages; check them "
        "before publishing (ministries can be reorganised) and add the postal address.*",
    ),
}


def load_demo(command, **options) -> None:
    """Create the example sections once; never overwrite what the office has written."""
    created = 0
    for key, (body_de, body_en) in EXAMPLES.items():
        _section, was_created = LegalSection.objects.get_or_create(
            key=key, defaults={"body_de": body_de, "body_en": body_en, "is_example": True}
        )
        created += was_created
    if not AccessibilityStatement.objects.exists():
        AccessibilityStatement.objects.create(
            conformity=AccessibilityStatement.Conformity.PARTIAL,
            method=AccessibilityStatement.Method.SELF,
            prepared_on=datetime.date.today(),
            is_example=True,
        )
    command.stdout.write(f"Legal pages: {created} example sections created (marked as examples).")
