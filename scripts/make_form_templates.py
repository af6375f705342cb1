"""Write the Word form templates (docxtpl) that tendergen ships, and this repository's house template.

Run from the repository root after changing a form: ``.venv/bin/python scripts/make_form_templates.py``. It
writes ``src/tendergen/templates/forms/<key>.docx`` (the built-in defaults) and ``templates/inschrijfformulier.docx``
(the example project's house version: the default with a submission checklist). The files are deterministic, so a
rerun without changes leaves git clean. An officer edits the results in Word afterwards; this script is only how
the defaults are made reproducibly.

Tags: ``{{ … }}`` prints, ``{%p … %}`` is a paragraph that only holds a tag, ``{%tr … %}`` a table row that only
holds a tag (docxtpl). Fields the bidder fills in are Word content controls (plain text) with a grey placeholder.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tendergen.render.zipfix import normalize_zip  # noqa: E402

WHEN = dt.datetime(2026, 1, 1)
PLACEHOLDER = "Klik of tik om in te vullen."
BLUE = RGBColor(0x1F, 0x38, 0x64)

Doc = object


def content_control(paragraph: object, tag: str, label: str, placeholder: str = PLACEHOLDER) -> None:
    """A plain-text content control (w:sdt with w:text) at the end of ``paragraph``."""
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    alias = OxmlElement("w:alias")
    alias.set(qn("w:val"), label)
    tag_el = OxmlElement("w:tag")
    tag_el.set(qn("w:val"), tag)
    pr.append(alias)
    pr.append(tag_el)
    pr.append(OxmlElement("w:showingPlcHdr"))
    text = OxmlElement("w:text")
    text.set(qn("w:multiLine"), "1")
    pr.append(text)
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "7F7F7F")
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), "F2F2F2")
    rpr.append(color)
    rpr.append(shade)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = placeholder
    run.append(t)
    content.append(run)
    sdt.append(content)
    paragraph._p.append(sdt)  # type: ignore[attr-defined]


def new_document() -> object:
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10)
    for name in ("Title", "Heading 1", "Heading 2"):
        styles[name].font.name = "Arial"
        styles[name].font.color.rgb = BLUE
    props = document.core_properties
    props.author = "tendergen"
    props.last_modified_by = ""
    props.created = WHEN
    props.modified = WHEN
    props.last_printed = WHEN
    props.revision = 1
    return document


def para(document: object, text: str, style: str | None = None) -> object:
    paragraph = document.add_paragraph(style=style)  # type: ignore[attr-defined]
    if text:
        paragraph.add_run(text)
    return paragraph


def field(document: object, label: str, tag: str, placeholder: str = PLACEHOLDER) -> None:
    paragraph = para(document, f"{label}: ")
    content_control(paragraph, tag, label, placeholder)


def table(document: object, header: tuple[str, ...] | None, rows: list[tuple[object, ...]]) -> None:
    """A table; a cell given as ("field", tag, label) becomes a content control, a str a text (one run)."""
    columns = len(header) if header else len(rows[0])
    grid = document.add_table(rows=0, cols=columns)  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    if header:
        cells = grid.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = grid.add_row().cells
        if len(row) == 1:  # a docxtpl row tag ({%tr … %}) spans the row
            cells[0].paragraphs[0].add_run(str(row[0]))
            continue
        for cell, value in zip(cells, row, strict=True):
            if isinstance(value, tuple):
                content_control(cell.paragraphs[0], value[1], value[2])
            else:
                cell.paragraphs[0].add_run(str(value))


def header_block(document: object, title: str, subject: str) -> None:
    para(document, title, "Title")
    para(document, subject, "Subtitle")
    para(
        document,
        "{{ programme.authority.name }} · {{ programme.title }} · versie {{ programme.version }} · {{ build.date }}",
    )


def party_table(document: object, who: str, extra: tuple[tuple[str, str], ...] = ()) -> None:
    rows: list[tuple[object, ...]] = [
        ("Naam van de organisatie", ("field", "naam", "Naam van de organisatie")),
        ("Inschrijfnummer Kamer van Koophandel", ("field", "kvk", "KvK-nummer")),
        ("Vestigingsadres", ("field", "adres", "Vestigingsadres")),
        ("Postcode en plaats", ("field", "plaats", "Postcode en plaats")),
        *((label, ("field", tag, label)) for label, tag in extra),
        (f"Contactpersoon van de {who}", ("field", "contactpersoon", "Contactpersoon")),
        ("Telefoonnummer", ("field", "telefoon", "Telefoonnummer")),
        ("E-mailadres", ("field", "email", "E-mailadres")),
    ]
    table(document, None, rows)


def signature(document: object, who: str) -> None:
    para(document, "Ondertekening", "Heading 1")
    para(
        document,
        f"Ondertekend door een persoon die de {who} rechtsgeldig vertegenwoordigt (volgens het Handelsregister of "
        "een volmacht die u meestuurt). Bij een combinatie ondertekent iedere combinant.",
    )
    table(
        document,
        None,
        [
            ("Naam", ("field", "ondertekenaar", "Naam ondertekenaar")),
            ("Functie", ("field", "functie", "Functie")),
            ("Plaats", ("field", "ondertekend-plaats", "Plaats")),
            ("Datum", ("field", "ondertekend-datum", "Datum")),
            ("Handtekening", ""),
        ],
    )


def inschrijfformulier(house: bool = False) -> object:
    d = new_document()
    header_block(d, "Inschrijfformulier", "{{ tender.name }}")
    para(
        d,
        "Vul dit formulier volledig in, onderteken het en dien het met de overige stukken van uw inschrijving in "
        "vóór de inschrijfdeadline in de aanbestedingsleidraad. U vult alleen de grijze velden in; de overige "
        "tekst wijzigt u niet.",
    )
    para(d, "Gegevens van de inschrijver", "Heading 1")
    party_table(d, "inschrijver")
    para(d, "Waarvoor u inschrijft", "Heading 1")
    para(d, "Vul per regel „ja” of „nee” in.")
    table(
        d,
        ("{{ Unit_word }}", "Perceel", "Inschrijving (ja of nee)"),
        [
            ("{%tr for row in lots %}",),
            (
                "{{ row.unit.name }}",
                "{% if row.lot %}{{ row.lot.name }}{% else %}geen percelen{% endif %}",
                ("field", "inschrijving", "Inschrijving ja of nee"),
            ),
            ("{%tr endfor %}",),
        ],
    )
    para(d, "Kwaliteit: de vragen en uw antwoorden", "Heading 1")
    para(
        d,
        "Beantwoord iedere vraag in een eigen bijlage (PDF) met het nummer van het criterium in de bestandsnaam. "
        "De beoordelingscommissie leest niet verder dan het maximale aantal pagina's A4; wat daarna komt, telt "
        "niet mee.",
    )
    para(d, "{%p for item in criteria %}")
    para(
        d,
        "{{ item.c.id }} {{ item.c.name }}{% if several %} ({{ Unit_word }} {{ item.unit.name }}){% endif %}",
        "Heading 2",
    )
    para(
        d,
        "Weging: {{ item.c.weight | pct }}{% if item.c.max_pages %} · ten hoogste {{ item.c.max_pages }} "
        "pagina's A4{% endif %}{% if item.c.min_score %} · minimumscore {{ item.c.min_score }}{% endif %}",
    )
    para(d, "Vraag: {% if item.c.question %}{{ item.c.question }}{% else %}zie de aanbestedingsleidraad{% endif %}")
    para(d, "{%p if item.c.aspects %}")
    para(d, "De commissie let op: {{ item.c.aspects | join_nl }}.")
    para(d, "{%p endif %}")
    field(d, "Bestandsnaam van uw antwoord", "antwoord")
    para(d, "{%p endfor %}")
    para(d, "{%p if price_units %}")
    para(d, "Prijs", "Heading 1")
    para(
        d,
        "Vul het prijzenblad in (Excel){% if several %} voor {{ price_units | map(attribute='name') | join_nl }}"
        "{% endif %} en dien het als Excel-bestand in; wijzig alleen de gele cellen. De aanbestedingsleidraad "
        "legt uit hoe de gewogen prijs wordt berekend en gescoord.",
    )
    para(d, "{%p endif %}")
    para(d, "Verklaringen", "Heading 1")
    para(d, "Combinatie", "Heading 2")
    para(
        d,
        "Schrijft u in als combinatie van ondernemers? Noem dan alle combinanten en de penvoerder. Iedere combinant "
        "ondertekent dit formulier en is hoofdelijk aansprakelijk voor de uitvoering van de opdracht. Laat het veld "
        "leeg als u alleen inschrijft.",
    )
    field(d, "Combinanten en penvoerder", "combinatie")
    para(d, "Beroep op derden", "Heading 2")
    para(
        d,
        "Doet u voor een geschiktheidseis een beroep op de draagkracht of bekwaamheid van een andere onderneming? "
        "Noem die onderneming en de eis. Voeg een verklaring van die onderneming toe dat zij de middelen tijdens de "
        "uitvoering ter beschikking stelt{% if european %}, en haar eigen UEA{% endif %}.",
    )
    field(d, "Derden en de eisen waarvoor u op hen steunt", "derden")
    para(d, "Onderaanneming", "Heading 2")
    para(d, "Noem de onderaannemers die u wilt inzetten en het deel van de opdracht dat zij uitvoeren.")
    para(d, "{%p for unit in quota_units %}")
    para(
        d,
        "{{ Unit_word }} {{ unit.name }}: u besteedt ten minste {{ unit.quota_pct | pct }} van het budget aan "
        "{% if unit.subcontracting.target_providers %}{{ unit.subcontracting.target_providers }}{% else %}kleine, "
        "lokale of specialistische aanbieders{% endif %} en rapporteert daarover "
        "{{ unit.subcontracting.reporting }}. Zo geeft u daar invulling aan: ",
    )
    content_control(d.paragraphs[-1], "quotum", "Invulling van het onderaannemingsquotum")  # type: ignore[attr-defined]
    para(d, "{%p endfor %}")
    field(d, "Onderaannemers en hun deel", "onderaannemers")
    para(d, "{%p if sanctions %}")
    para(d, "Verklaring sancties tegen Rusland", "Heading 2")
    para(
        d,
        "De inschrijver verklaart dat het verbod van {{ legal.cite.eu_sanctions_5k }} niet op hem van toepassing is: "
        "hij is geen Russische onderdaan of in Rusland gevestigde entiteit, is niet voor meer dan 50 procent direct "
        "of indirect eigendom van zo'n onderdaan of entiteit en handelt niet namens of in opdracht van hen; en "
        "onderaannemers, leveranciers en derden op wier draagkracht hij steunt en die zo'n onderdaan of entiteit "
        "zijn, nemen samen niet meer dan 10 procent van de waarde van de opdracht voor hun rekening.",
    )
    field(d, "Akkoord (ja)", "sancties", "ja of nee")
    para(d, "{%p endif %}")
    para(d, "{%p if conduct_certificate %}")
    para(d, "Gedragsverklaring aanbesteden", "Heading 2")
    para(
        d,
        "De inschrijver aan wie de aanbestedende dienst voornemens is te gunnen, legt op verzoek een Gedragsverklaring "
        "aanbesteden over die op de dag van de inschrijving niet ouder is dan {{ policy.gva_max_age_years | count_nl }}"
        " jaar ({{ legal.cite.aw_conduct_certificate }}). Bij een combinatie geldt dat voor iedere combinant.",
    )
    para(d, "{%p endif %}")
    para(d, "Algemene verklaring", "Heading 2")
    para(
        d,
        "De inschrijver verklaart dat hij de aanbestedingsstukken en de nota's van inlichtingen heeft gelezen en "
        "zonder voorbehoud aanvaardt, dat hij bij gunning de overeenkomst volgens het concept ondertekent, en dat hij "
        "zijn inschrijving {{ policy.bid_validity_days }} dagen na de inschrijfdeadline gestand doet.",
    )
    signature(d, "inschrijver")
    if house:
        para(d, "Controlelijst vóór het indienen", "Heading 1")
        table(
            d,
            ("Stuk", "Bijgevoegd"),
            [
                ("Dit inschrijfformulier, ondertekend", ("field", "check-formulier", "ja of nee")),
                ("De eigen verklaring of het UEA", ("field", "check-verklaring", "ja of nee")),
                ("{%tr for item in criteria %}",),
                ("Antwoord op {{ item.c.id }} {{ item.c.name }}", ("field", "check-antwoord", "ja of nee")),
                ("{%tr endfor %}",),
                ("{%tr if price_units %}",),
                ("Het prijzenblad (Excel)", ("field", "check-prijzenblad", "ja of nee")),
                ("{%tr endif %}",),
            ],
        )
    return d


def eigen_verklaring() -> object:
    d = new_document()
    header_block(d, "Eigen verklaring", "{{ tender.name }}")
    para(d, "{%p if proc.declaration == 'uea' %}")
    para(d, "Uniform Europees Aanbestedingsdocument (UEA)", "Heading 1")
    para(
        d,
        "U dient de eigen verklaring in met het Uniform Europees Aanbestedingsdocument ({{ proc.declaration_basis }}). "
        "Vul het UEA in met de UEA-dienst op TenderNed of van de Europese Commissie en voeg het als PDF bij uw "
        "inschrijving. Bewijsstukken vraagt de aanbestedende dienst alleen van de inschrijver aan wie hij "
        "voornemens is te gunnen.",
    )
    para(d, "Welke delen u invult", "Heading 2")
    table(
        d,
        ("Deel", "Wat u invult"),
        [
            (
                "Deel II",
                "A en B: gegevens van de onderneming en haar vertegenwoordigers; C: of u een beroep doet op "
                "de draagkracht van derden; D: of u onderaannemers inzet.",
            ),
            (
                "Deel III",
                "A: de verplichte uitsluitingsgronden ({{ legal.cite.aw_exclusion_mandatory }}); B en C: de "
                "facultatieve uitsluitingsgronden ({{ legal.cite.aw_exclusion_optional }}) die de "
                "aanbestedingsleidraad "
                "noemt; D: niet van toepassing.",
            ),
            (
                "Deel IV",
                "A: inschrijving in het Handelsregister; B: een bedrijfs- en beroepsaansprakelijkheids"
                "verzekering van ten minste {{ policy.insurance_per_event | eur }} per gebeurtenis; "
                "C: de kwaliteitseisen "
                "van de wetten waaronder de diensten vallen. De globale verklaring (sectie α) gebruikt u niet.",
            ),
            (
                "Deel V",
                "{% if proc.selection_phase %}De selectiecriteria uit de aanbestedingsleidraad.{% else %}Niet "
                "van toepassing: deze procedure kent geen selectie van gegadigden.{% endif %}",
            ),
            ("Deel VI", "De slotverklaringen; onderteken het UEA."),
        ],
    )
    para(
        d,
        "Schrijft u in als combinatie, dan vult iedere combinant een eigen UEA in. Doet u een beroep op een derde, "
        "dan vult die derde een eigen UEA in, met deel II A en B, deel III en het deel van IV waarvoor u op hem "
        "steunt.",
    )
    para(d, "{%p else %}")
    para(d, "Eigen verklaring", "Heading 1")
    para(
        d,
        "De aanbestedende dienst vraagt deze eigen verklaring op grond van {{ proc.declaration_basis }}. De "
        "ondernemer verklaart naar waarheid:",
    )
    table(
        d,
        ("Verklaring", "Antwoord"),
        [
            (
                "Geen van de verplichte uitsluitingsgronden van {{ legal.cite.aw_exclusion_mandatory }} is op de "
                "ondernemer van toepassing.",
                ("field", "verplicht", "ja of nee"),
            ),
            (
                "Geen van de facultatieve uitsluitingsgronden van {{ legal.cite.aw_exclusion_optional }} die de "
                "aanbestedingsleidraad noemt, is op de ondernemer van toepassing.",
                ("field", "facultatief", "ja of nee"),
            ),
            (
                "De ondernemer is ingeschreven in het Handelsregister of een vergelijkbaar register (nummer).",
                ("field", "register", "Inschrijfnummer"),
            ),
            (
                "De ondernemer heeft uiterlijk bij de ingangsdatum van de overeenkomst een bedrijfs- en beroeps"
                "aansprakelijkheidsverzekering met een dekking van ten minste "
                "{{ policy.insurance_per_event | eur }} per "
                "gebeurtenis.",
                ("field", "verzekering", "ja of nee"),
            ),
            (
                "De ondernemer voldoet aan de kwaliteitseisen van de wetten waaronder de diensten vallen.",
                ("field", "kwaliteit", "ja of nee"),
            ),
        ],
    )
    para(d, "{%p endif %}")
    signature(d, "ondernemer")
    return d


def aanmeldformulier() -> object:
    d = new_document()
    header_block(d, "Aanmeldformulier", "{{ Unit_word }} {{ unit.name }}")
    para(
        d,
        "Met dit formulier meldt u zich aan voor toelating tot {{ this_unit }}. Vul de grijze velden in, voeg de "
        "bewijsstukken toe en dien het formulier in zoals het toelatingsdocument beschrijft.",
    )
    para(d, "Gegevens van de aanbieder", "Heading 1")
    party_table(d, "aanbieder", (("AGB-code (indien van toepassing)", "agb"),))
    para(d, "Waarvoor u zich aanmeldt", "Heading 1")
    table(
        d,
        ("{{ Unit_word }}", "Perceel", "Aanmelding (ja of nee)"),
        [
            ("{%tr for row in lots %}",),
            (
                "{{ row.unit.name }}",
                "{% if row.lot %}{{ row.lot.name }}{% else %}{{ row.unit.scope.included | join_nl }}{% endif %}",
                ("field", "aanmelding", "Aanmelding ja of nee"),
            ),
            ("{%tr endfor %}",),
        ],
    )
    para(d, "Bewijsstukken", "Heading 1")
    table(
        d,
        ("Eis", "Bewijsstuk", "Bijlage (bestandsnaam)"),
        [
            ("{%tr for row in requirements %}",),
            ("{{ row.q.id }}: {{ row.q.text }}", "{{ row.q.evidence }}", ("field", "bewijs", "Bestandsnaam")),
            ("{%tr endfor %}",),
        ],
    )
    para(d, "Verklaringen", "Heading 1")
    para(
        d,
        "De aanbieder verklaart dat hij voldoet aan alle toelatingseisen van het toelatingsdocument, dat hij de "
        "tarieven en voorwaarden van de concept-overeenkomst aanvaardt en dat geen van de uitsluitingsgronden uit "
        "het toelatingsdocument op hem van toepassing is.",
    )
    field(d, "Onderaannemers en hun deel (leeg als u geen onderaannemers inzet)", "onderaannemers")
    signature(d, "aanbieder")
    return d


def aanvraagformulier() -> object:
    d = new_document()
    header_block(d, "Aanvraagformulier subsidie", "{{ unit.name }}")
    para(
        d,
        "U vraagt subsidie aan op grond van de {{ unit.instrument.regulation }}. Dien de aanvraag in van "
        "{{ unit.instrument.application_opens }} tot en met {{ unit.instrument.application_closes }}. Het "
        "subsidieplafond is {{ unit.instrument.ceiling | eur }} per {{ unit.instrument.ceiling_per }}.",
    )
    para(d, "Gegevens van de aanvrager", "Heading 1")
    party_table(d, "aanvrager", (("Rechtsvorm", "rechtsvorm"), ("IBAN", "iban")))
    para(d, "Uw aanvraag", "Heading 1")
    table(
        d,
        None,
        [
            ("Gevraagd bedrag (euro)", ("field", "bedrag", "Gevraagd bedrag")),
            ("Periode", ("field", "periode", "Periode")),
            ("Activiteiten en beoogde resultaten", ("field", "activiteiten", "Activiteiten")),
        ],
    )
    para(d, "Beoordelingscriteria", "Heading 1")
    para(d, "Licht per criterium toe hoe uw aanvraag eraan voldoet.")
    para(d, "{%p for criterion in unit.instrument.criteria %}")
    para(d, "{{ criterion }}", "Heading 2")
    field(d, "Uw toelichting", "criterium")
    para(d, "{%p endfor %}")
    para(d, "Verantwoording", "Heading 1")
    para(d, "{{ unit.instrument.reporting | sentence }}")
    para(d, "Bijlagen", "Heading 1")
    para(d, "Voeg een begroting en een activiteitenplan toe.")
    signature(d, "aanvrager")
    return d


FORMS: dict[str, Callable[[], object]] = {
    "inschrijfformulier": inschrijfformulier,
    "eigen-verklaring": eigen_verklaring,
    "aanmeldformulier": aanmeldformulier,
    "aanvraagformulier": aanvraagformulier,
}


def docx_bytes(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return normalize_zip(out.getvalue(), WHEN)


def main() -> None:
    target = ROOT / "src" / "tendergen" / "templates" / "forms"
    target.mkdir(parents=True, exist_ok=True)
    for key, make in FORMS.items():
        (target / f"{key}.docx").write_bytes(docx_bytes(make()))
    house = ROOT / "templates"
    house.mkdir(exist_ok=True)
    (house / "inschrijfformulier.docx").write_bytes(docx_bytes(inschrijfformulier(house=True)))


if __name__ == "__main__":
    main()
