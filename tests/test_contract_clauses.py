"""The contract a municipality signs and the award text of the leidraad (issue 10 items 4 and 5), read back as
rendered text: each clause as it prints for one municipality or many, for a tender, an open house, a DVO, an
in-house assignment and a subsidy, in the fixture programmes and the example packs (HTML only: the DOCX and PDF are
made from the same tree)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tendergen.project import load_project
from tendergen.render.builders import BuildSettings, DocumentBuilder
from tendergen.render.document import render_document
from tendergen.render.plan import plan_documents, timeline_planning
from tendergen.render.references import policy_defaults
from tendergen.render.templates import TemplateSet

REPO = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "render"


def texts(root: Path, *stems: str) -> dict[str, str]:
    """The visible text of the documents ``stems`` (pack names without suffix) of the programme at ``root``."""
    project = load_project(root)
    templates = TemplateSet.for_project(project.layout.root)
    builder = DocumentBuilder(BuildSettings(project, templates, "pdfa", timeline_planning(project.timeline)))
    found = {
        planned.name: " ".join(render_document(builder.job(planned, formats=())).text.replace("\xa0", " ").split())
        for planned in plan_documents(project.spec)
        if planned.name in stems
    }
    assert sorted(found) == sorted(stems)
    return found


def one(root: Path, stem: str) -> str:
    return texts(root, stem)[stem]


def variant(tmp_path: Path, fixture: str, file: str, old: str, new: str) -> Path:
    root = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, root)
    path = root / file
    source = path.read_text(encoding="utf-8")
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return root


def article(text: str, title: str) -> str:
    """The text of the article headed ``title`` (up to the next article)."""
    match = re.search(rf"Artikel (\d+) {re.escape(title)} (.*?)(?= Artikel \d+ [A-Z]| Ondertekening |$)", text)
    assert match, title
    return match.group(2)


# ------------------------------------------------------------------------------------------------- item 4: leidraad


def test_leidraad_awards_each_lot_to_its_number_and_describes_the_framework(tmp_path: Path) -> None:
    text = one(FIXTURES / "domeinen", "tenders/wmo/wmo-aanbestedingsleidraad")
    assert "Aantal opdracht­nemers" in text or "Aantal opdrachtnemers" in text
    assert (
        "Perceel Regionaal wordt gegund aan ten hoogste drie inschrijvers: de drie geldige inschrijvingen met de "
        "hoogste totaalscore, of alle geldige inschrijvingen als dat er minder zijn. Voor perceel Regionaal sluit de "
        "aanbestedende dienst een raamovereenkomst met alle opdrachtnemers samen, op dezelfde voorwaarden. De cliënt "
        "kiest, in overleg met de toegang, uit de opdrachtnemers; wie geen voorkeur heeft, krijgt van de toegang een "
        "voorstel. Zo wordt de raamovereenkomst uitgevoerd zonder nieuwe mededinging, volgens deze objectieve "
        "voorwaarden (artikel 2.143, eerste lid, onderdeel a, Aanbestedingswet 2012)."
    ) in text
    assert "Perceel Lokaal wordt gegund aan ten hoogste acht inschrijvers" in text
    assert (
        "De aanbestedende dienst garandeert geen afname: een opdrachtnemer heeft geen recht op een minimaal aantal "
        "cliënten of een minimale omzet"
    ) in text
    assert "De inschrijving met de hoogste totaalscore per perceel is de economisch meest voordelige" not in text
    participatie = one(FIXTURES / "domeinen", "tenders/participatie/participatie-aanbestedingsleidraad")
    assert (
        "Perceel Regionaal wordt gegund aan één inschrijver: de inschrijver met de hoogste totaalscore. Voor perceel "
        "Regionaal sluit de aanbestedende dienst een raamovereenkomst."
    ) in participatie
    assert (
        "De toegang biedt een cliënt eerst aan bij de opdrachtnemer die in de rangorde van de gunning het hoogst "
        "staat; kan die de ondersteuning niet tijdig bieden, dan bij de volgende in de rangorde."
    ) in participatie
    jeugd = one(FIXTURES / "domeinen", "tenders/jeugd/jeugd-aanbestedingsleidraad")
    assert "raamovereenkomst" not in jeugd  # several contractors side by side, no framework
    assert "De toegang wijst een cliënt toe aan de opdrachtnemer wiens aanbod het best past" in jeugd


def test_one_contractor_without_framework_is_the_default(tmp_path: Path) -> None:
    text = one(FIXTURES / "procedures", "units/beschermd-wonen/beschermd-wonen-aanbestedingsleidraad")
    assert (
        "Perceel noord en perceel zuid worden elk afzonderlijk gegund aan één inschrijver: de inschrijver met de "
        "hoogste totaalscore."
    ) in text
    assert "erceel Perceel" not in text.split("Aantal opdrachtnemers")[-1]
    assert "raamovereenkomst" not in text.lower()
    contract = one(FIXTURES / "procedures", "units/beschermd-wonen/beschermd-wonen-concept-overeenkomst")
    assert "Raamovereenkomst" not in contract and "Meerdere opdrachtnemers" not in contract


def test_a_reason_for_a_longer_framework_is_printed_with_the_article(tmp_path: Path) -> None:
    root = variant(
        tmp_path,
        "procedures",
        "units/beschermd-wonen.yaml",
        "instrument: {kind: aanbesteding, procedure: niet-openbaar}",
        "instrument: {kind: aanbesteding, procedure: niet-openbaar, contractors: {number: alle-geschikten, "
        "threshold_points: 60, framework: true, allocation: toegang, framework_reason: de "
        "woonvoorzieningen een investering vragen die in vier jaar niet terug te verdienen is.}}",
    )
    text = one(root, "units/beschermd-wonen/beschermd-wonen-aanbestedingsleidraad")
    assert (
        "De raamovereenkomst heeft een looptijd van ten hoogste 7 jaar, verlengingen inbegrepen: langer dan de 4 jaar "
        "van artikel 2.140, derde lid, Aanbestedingswet 2012, omdat de woonvoorzieningen een investering vragen die in "
        "vier jaar niet terug te verdienen is."
    ) in text
    assert (
        "Perceel noord en perceel zuid worden elk afzonderlijk gegund aan iedere inschrijver met een geldige "
        "inschrijving die een totaalscore van ten minste 60 punten behaalt; het aantal opdrachtnemers ligt niet "
        "vooraf vast."
    ) in text
    contract = one(root, "units/beschermd-wonen/beschermd-wonen-concept-overeenkomst")
    framework = article(contract, "Raamovereenkomst en toewijzing van cliënten")
    assert framework.startswith(
        "4.1 Deze overeenkomst is een raamovereenkomst, die Opdrachtgever op dezelfde voorwaarden heeft gesloten met "
        "iedere inschrijver met een geldige inschrijving die een totaalscore van ten minste 60 punten behaalde per "
        "perceel. Zij legt de voorwaarden vast"
    )
    # a lumpsum is paid whatever the number of clients: no promise of "geen minimale omzet"
    assert (
        "Opdrachtgever garandeert geen aantal cliënten; Opdrachtnemer ontvangt de lumpsum uit het artikel over de "
        "bekostiging." in framework
    )


def test_the_example_framework_of_midden_holland_states_its_reason_and_allocation() -> None:
    text = one(REPO / "specs" / "midden-holland-2025", "tenders/jeugd-wmo-2025/jeugd-wmo-2025-aanbestedingsleidraad")
    assert "worden elk afzonderlijk gegund aan ten hoogste twaalf inschrijvers" in text
    assert "De raamovereenkomst heeft een looptijd van ten hoogste 8 jaar, verlengingen inbegrepen" in text
    assert "omdat de regio inzet op rust, vertrouwen en doorontwikkeling" in text


# --------------------------------------------------------------------------------- item 5: precedence, complaints


def _precedence(text: str) -> str:
    match = re.search(
        r"geldt de volgende rangorde, de hoogste eerst(?:, in de volgorde van de aanbestedingsleidraad)?: "
        r"(.*?)\. ",
        text,
    )
    assert match
    return match.group(1)


def test_leidraad_and_contract_state_one_order_of_precedence() -> None:
    root = REPO / "specs" / "midden-holland-2025"
    found = texts(
        root, "tenders/jeugd-wmo-2025/jeugd-wmo-2025-aanbestedingsleidraad", "units/crisis/crisis-concept-overeenkomst"
    )
    leidraad = found["tenders/jeugd-wmo-2025/jeugd-wmo-2025-aanbestedingsleidraad"]
    contract = found["units/crisis/crisis-concept-overeenkomst"]
    assert _precedence(leidraad) == (
        "(1) de concept-overeenkomsten; (2) de nota's van inlichtingen, een latere voor een eerdere; (3) de "
        "Programma's van Eisen; (4) deze leidraad; (5) de Algemene Inkoopvoorwaarden Regio Midden-Holland (2024)"
    )
    assert _precedence(contract) == (
        "(1) deze overeenkomst; (2) de nota's van inlichtingen, een latere voor een eerdere; (3) het Programma van "
        "Eisen; (4) de aanbestedingsleidraad; (5) de Algemene Inkoopvoorwaarden Regio Midden-Holland; (6) de "
        "inschrijving van Opdrachtnemer"
    )
    assert "in de volgorde van de aanbestedingsleidraad" in contract
    assert "gaat deze leidraad voor op de overige stukken" not in leidraad
    assert "gaat deze overeenkomst voor op de bijlagen" not in contract
    # both follow the one policy list
    order = policy_defaults().precedence
    assert order.index("overeenkomst") < order.index("nota-van-inlichtingen") < order.index("eisen")
    assert (
        order.index("eisen") < order.index("leidraad") < order.index("inkoopvoorwaarden") < order.index("inschrijving")
    )
    assert "Op deze overeenkomst zijn de Algemene Inkoopvoorwaarden Regio Midden-Holland (2024) van toepassing." in (
        contract
    )
    assert "De klacht wordt behandeld volgens de Klachtenregeling aanbesteden Regio Midden-Holland." in leidraad


def test_without_a_complaints_regulation_the_generic_reference_stays(tmp_path: Path) -> None:
    text = one(FIXTURES / "domeinen", "tenders/wmo/wmo-aanbestedingsleidraad")
    assert "De klacht wordt behandeld volgens de klachtenregeling aanbesteden van de aanbestedende dienst." in text
    root = variant(
        tmp_path,
        "domeinen",
        "programme.yaml",
        "  contact: {name: Team Inkoop",
        "  complaints_regulation: {name: Klachtenregeling aanbesteden Regio Domein 2024, url: "
        "https://regiodomein.nl/klachten}\n  contact: {name: Team Inkoop",
    )
    text = one(root, "tenders/wmo/wmo-aanbestedingsleidraad")
    assert (
        "De klacht wordt behandeld volgens de Klachtenregeling aanbesteden Regio Domein 2024 "
        "(https://regiodomein.nl/klachten)."
    ) in text


# --------------------------------------------------------------------------------------- item 5: contract clauses


def test_tender_contract_of_a_lot_has_the_clauses_of_the_model_terms() -> None:
    text = one(FIXTURES / "domeinen", "units/begeleiding/begeleiding-regionaal-concept-overeenkomst")
    framework = article(text, "Raamovereenkomst en toewijzing van cliënten")
    assert framework == (
        "4.1 Deze overeenkomst is een raamovereenkomst, die Opdrachtgever op dezelfde voorwaarden heeft gesloten met "
        "ten hoogste drie opdrachtnemers van perceel Regionaal. Zij legt de voorwaarden vast waaronder Opdrachtnemer "
        "diensten levert aan de cliënten die hem tijdens de looptijd worden toegewezen. 4.2 Opdrachtgever garandeert "
        "geen afname: Opdrachtnemer heeft geen recht op een minimaal aantal cliënten of een minimale omzet. 4.3 De "
        "cliënt kiest, in overleg met de toegang, uit de opdrachtnemers; wie geen voorkeur heeft, krijgt van de "
        "toegang een voorstel. 4.4 Opdrachtnemer houdt de toegang op de hoogte van zijn beschikbare capaciteit en "
        "aanvaardt een toewijzing binnen die capaciteit. Hij weigert een cliënt alleen als hij de ondersteuning niet "
        "tijdig of niet passend kan bieden, en meldt dat dan direct, met de reden, aan de toegang."
    )
    meld = article(text, "Meldcode, calamiteiten en Wtza")
    assert (
        "hanteert een meldcode voor huiselijk geweld en kindermishandeling (artikel 3.3 Wet maatschappelijke "
        "ondersteuning 2015)" in meld
    )
    assert (
        "meldt iedere calamiteit en ieder geweld bij de uitvoering van deze overeenkomst onverwijld aan de "
        "toezichthouder die de wet daarvoor aanwijst (artikel 3.4 Wet maatschappelijke ondersteuning 2015)" in meld
    )
    assert "Valt Opdrachtnemer onder de meldplicht of de vergunningplicht van de Wet toetreding zorgaanbieders" in meld
    policy = policy_defaults()
    boete = article(text, "Boete")
    assert f"een direct opeisbare boete van € {policy.penalty_per_breach:.0f},00 per tekortkoming" in boete
    assert f"ten hoogste {policy.penalty_cap_pct:.0f}% van de vergoeding" in boete
    assert "laat het recht van Opdrachtgever op nakoming, ontbinding en schadevergoeding onverlet" in boete
    assert "zij laat het beroepsgeheim van hulpverleners onverlet" in article(text, "Geheimhouding")
    overmacht = article(text, "Overmacht")
    assert "Personeelstekort, ziekte van medewerkers, liquiditeitsproblemen" in overmacht
    assert f"Duurt de overmacht langer dan {policy.force_majeure_days} dagen" in overmacht
    end = article(text, "Beëindiging")
    assert (
        f"Opdrachtgever kan deze overeenkomst tussentijds geheel of gedeeltelijk opzeggen met een opzegtermijn van "
        f"{policy.contract_notice_months} maanden, tegen het einde van een kalendermaand, als een wijziging van wet- "
        "of regelgeving, van het beleid of van de beschikbare middelen van de gemeenten Aastad, Beekdorp en Cewolde "
        "voortzetting niet langer mogelijk of zinvol maakt."
    ) in end
    assert "Aanbieder kan deze overeenkomst opzeggen" not in end  # a tendered contract: no exit by notice
    assert "Transparantie over bezoldiging" not in text  # the programme's principles do not ask for it
    assert "(het perceel wordt aan ten hoogste drie opdrachtnemers gegund)" in text
    final = article(text, "Slotbepalingen")
    assert "Een voorgenomen fusie, splitsing of wijziging van zeggenschap meldt hij vooraf schriftelijk" in final
    assert "Is een bepaling van deze overeenkomst nietig of wordt zij vernietigd, dan blijven de overige" in final
    assert "blijven na het einde gelden" in final
    assert "Wat Opdrachtgever onverschuldigd heeft betaald" in text
    assert "informeert Opdrachtgever onverwijld over bevindingen en maatregelen van een toezichthouder" in text


def test_open_house_contract_lets_the_provider_leave_and_states_the_programme_terms() -> None:
    text = one(
        REPO / "specs" / "midden-holland-2025",
        "units/praktische-ondersteuning/praktische-ondersteuning-concept-overeenkomst",
    )
    assert "Aanbieder kan deze overeenkomst opzeggen met een opzegtermijn van 6 maanden" in text
    assert "Raamovereenkomst" not in text
    assert _precedence(text) == (
        "(1) deze overeenkomst; (2) het Toelatingsdocument; (3) de Algemene Inkoopvoorwaarden Regio Midden-Holland; "
        "(4) de aanvraag tot toelating van Aanbieder"
    )
    assert "in de volgorde van de aanbestedingsleidraad" not in text
    assert (
        "Aanbieder maakt in zijn jaarverslag of jaarverantwoording de bezoldiging van zijn topfunctionarissen "
        "openbaar op de wijze die de Wet normering topinkomens (WNT) voorschrijft" in text
    )


def test_youth_care_cites_the_jeugdwet_and_the_subsidy_keeps_its_own_sanctions() -> None:
    root = REPO / "specs" / "midden-holland-2025"
    found = texts(
        root,
        "units/crisis/crisis-concept-overeenkomst",
        "units/jeugdbescherming/jeugdbescherming-concept-subsidiebeschikking",
    )
    crisis = found["units/crisis/crisis-concept-overeenkomst"]
    assert "meldcode voor huiselijk geweld en kindermishandeling (artikel 4.1.7 Jeugdwet)" in crisis
    assert "(artikel 4.1.8 Jeugdwet)" in crisis
    assert "Wet maatschappelijke ondersteuning 2015)" not in article(crisis, "Meldcode, calamiteiten en Wtza")
    subsidy = found["units/jeugdbescherming/jeugdbescherming-concept-subsidiebeschikking"]
    assert "Subsidieontvanger hanteert een meldcode" in subsidy
    assert "Transparantie over bezoldiging" in subsidy and "Geheimhouding" in subsidy
    assert "Boete" not in subsidy and "Algemene Inkoopvoorwaarden" not in subsidy  # Awb: withdrawal, not penalties


def test_before_2022_no_wtza_clause_and_one_contract_names_the_count_per_lot() -> None:
    text = one(
        REPO / "specs" / "nieuwkoop-2021",
        "units/hulp-huishouden-hulpmiddelen/hulp-huishouden-hulpmiddelen-concept-overeenkomst",
    )
    assert "Wet toetreding zorgaanbieders" not in text  # in force from 2022; the pack is dated 14 February 2020
    assert "Artikel 9 Meldcode en calamiteiten" in text
    framework = article(text, "Raamovereenkomst en toewijzing van cliënten")
    assert framework.startswith(
        "4.1 Deze overeenkomst is een raamovereenkomst, die Opdrachtgever op dezelfde voorwaarden heeft gesloten met "
        "ten hoogste vier opdrachtnemers voor perceel Hulp bij het huishouden en één opdrachtnemer voor perceel "
        "Hulpmiddelen."
    )
    assert "4.3 Voor een perceel met meer dan één opdrachtnemer geldt het volgende. De cliënt kiest" in framework


def test_dvo_and_in_house_assignment(tmp_path: Path) -> None:
    found = texts(
        FIXTURES / "klein",
        "units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst",
        "units/toegang/toegang-opdrachtbrief",
    )
    dvo = found["units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst"]
    assert "Bijlage 1: de verwerkersovereenkomst" in dvo
    assert "Over de verwerking van persoonsgegevens gaat de verwerkersovereenkomst voor." in dvo
    assert "Overmacht" in dvo and "Geheimhouding" in dvo
    assert "Boete" not in dvo  # no penalties between public bodies
    assert (
        "Schiet een partij tekort in de nakoming en herstelt zij de tekortkoming niet binnen een redelijke "
        "termijn na een schriftelijke ingebrekestelling en bestuurlijk overleg" in dvo
    )
    letter = found["units/toegang/toegang-opdrachtbrief"]
    assert "Uitvoerder hanteert een meldcode voor huiselijk geweld en kindermishandeling" in letter
    assert "Wet toetreding zorgaanbieders" not in letter and "Boete" not in letter
    root = variant(tmp_path, "klein", "units/schuldhulp.yaml", "term:", "processor: false\nterm:")
    dvo = one(root, "units/schuldhulp/schuldhulp-concept-dienstverleningsovereenkomst")
    assert "verwerkersovereenkomst" not in dvo.split("Slotbepalingen")[-1]


def test_a_processor_contract_has_the_processing_agreement_as_annex_and_the_spec_penalties(tmp_path: Path) -> None:
    root = variant(tmp_path, "procedures", "units/beschermd-wonen.yaml", "term:", "processor: true\nterm:")
    programme = root / "programme.yaml"
    programme.write_text(
        programme.read_text(encoding="utf-8")
        + "contract_terms:\n  penalty: {per_breach: 500, per_day: 75, cap_pct: 5}\n  notice_months: 3\n"
        + "  purchasing_terms: {name: Algemene Inkoopvoorwaarden gemeente Zuiderveld, version: versie 1.2, "
        + "url: https://zuiderveld.nl/aiv}\n",
        encoding="utf-8",
    )
    text = one(root, "units/beschermd-wonen/beschermd-wonen-concept-overeenkomst")
    assert "verwerkt Opdrachtnemer persoonsgegevens als verwerker namens Opdrachtgever" in text
    assert "Bijlage 5: de verwerkersovereenkomst" in text
    assert "Over de verwerking van persoonsgegevens gaat de verwerkersovereenkomst voor." in text
    assert "boete van € 500,00 per tekortkoming, vermeerderd met € 75,00 voor iedere dag" in text
    assert "ten hoogste 5% van de vergoeding" in text
    assert "opzegtermijn van 3 maanden" in text
    assert (
        "Op deze overeenkomst zijn de Algemene Inkoopvoorwaarden gemeente Zuiderveld (versie 1.2) van toepassing, te "
        "vinden op https://zuiderveld.nl/aiv."
    ) in text
    leidraad = one(root, "units/beschermd-wonen/beschermd-wonen-aanbestedingsleidraad")
    assert "(4) deze leidraad; (5) de Algemene Inkoopvoorwaarden gemeente Zuiderveld (versie 1.2)." in leidraad


def test_a_named_complaints_regulation_replaces_the_unverified_citation(tmp_path: Path) -> None:
    from tendergen.project import load_spec
    from tendergen.render.citecheck import citation_warnings

    def cited(root: Path) -> set[str]:
        return {w.path for w in citation_warnings(load_spec(root))}

    assert "legal.cite.complaints_regulation" in cited(FIXTURES / "domeinen")
    root = variant(tmp_path, "domeinen", "programme.yaml", "  contact: {name: Team Inkoop",
                   "  complaints_regulation: {name: Klachtenregeling aanbesteden Regio Domein 2024}\n"
                   "  contact: {name: Team Inkoop")  # fmt: skip
    assert "legal.cite.complaints_regulation" not in cited(root)
    assert "legal.cite.avg" in cited(root)  # other unverified citations are still reported
